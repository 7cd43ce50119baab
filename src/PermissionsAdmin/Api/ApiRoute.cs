namespace PermissionsAdmin.Api;

/// <summary>
/// What an API route's template says about the errors it can answer (see <see cref="ApiProblemResponses"/>): its
/// segments after the API's mount path, as <c>users/{id}</c>.
/// </summary>
internal sealed record ApiRoute(IReadOnlyList<string> Segments)
{
    /// <summary>The collections whose members carry an ETag (Identity's concurrency stamp) and honour If-Match.</summary>
    public static readonly IReadOnlySet<string> TaggedCollections = new HashSet<string>(StringComparer.Ordinal) { "users", "groups" };

    public bool HasParameters => Segments.Any(IsParameter);

    /// <summary>users or groups itself, where new ones are added.</summary>
    public bool IsTaggedCollection => Segments.Count == 1 && TaggedCollections.Contains(Segments[0]);

    /// <summary>
    /// What hangs under a user or group but is not covered by its stamp: a group's members are changes to each user,
    /// effective permissions also follow the permissions of the user's groups, and a group's access policy is its own record.
    /// </summary>
    public static readonly IReadOnlySet<string> UntaggedParts = new HashSet<string>(StringComparer.Ordinal) { "members", "effective-permissions", "access-policy" };

    /// <summary>users/{id} and what its stamp covers (its groups, permissions, password…): one user or group.</summary>
    public bool IsSingleTaggedResource =>
        Segments.Count >= 2 && TaggedCollections.Contains(Segments[0]) && IsParameter(Segments[1]) &&
        !(Segments.Count > 2 && UntaggedParts.Contains(Segments[2]));

    /// <summary>users/{id} exactly: the user or group itself rather than something under it.</summary>
    public bool IsTaggedResourceItself => IsSingleTaggedResource && Segments.Count == 2;

    private static bool IsParameter(string segment) => segment.StartsWith('{');
}
