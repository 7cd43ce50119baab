namespace PermissionsAdmin.Benchmarks.Site;

/// <summary>The user every benchmark request is signed in as; set once the data is seeded.</summary>
internal sealed class SignedInUser
{
    public int Id { get; set; }
}
