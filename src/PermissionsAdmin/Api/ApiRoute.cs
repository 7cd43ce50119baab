namespace PermissionsAdmin.Api;

/// <summary>What an API route's template says about the errors it can answer (see <see cref="ApiProblemResponses"/>).</summary>
internal sealed record ApiRoute(IReadOnlyList<string> Segments)
{
    /// <summary>The collections whose members carry an ETag (Identity's concurrency stamp) and honour If-Match.</summary>
    public static readonly IReadOnlySet<string> TaggedCollections = new HashSet<string>(StringComparer.Ordinal) { "users", "groups" };

    public static ApiRoute Of(string? relativePath) =>
        new((relativePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries));

    public bool HasParameters => Segments.Any(IsParameter);

    /// <summary>api/v1/users or api/v1/groups itself, where new ones are added.</summary>
    public bool IsTaggedCollection => Segments.Count == 3 && TaggedCollections.Contains(Segments[2]);

    /// <summary>
    /// What hangs under a user or group but is not covered by its stamp: a group's members are changes to each user,
    /// effective permissions also follow the permissions of the user's groups, and a group's access policy is its own record.
    /// </summary>
    public static readonly IReadOnlySet<string> UntaggedParts = new HashSet<string>(StringComparer.Ordinal) { "members", "effective-permissions", "access-policy" };

    /// <summary>api/v1/users/{id} and what its stamp covers (its groups, permissions, password…): one user or group.</summary>
    public bool IsSingleTaggedResource =>
        Segments.Count >= 4 && TaggedCollections.Contains(Segments[2]) && IsParameter(Segments[3]) &&
        !(Segments.Count > 4 && UntaggedParts.Contains(Segments[4]));

    /// <summary>api/v1/users/{id} exactly: the user or group itself rather than something under it.</summary>
    public bool IsTaggedResourceItself => IsSingleTaggedResource && Segments.Count == 4;

    private static bool IsParameter(string segment) => segment.StartsWith('{');
}
