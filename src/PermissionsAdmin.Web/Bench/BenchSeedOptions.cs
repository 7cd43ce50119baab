namespace PermissionsAdmin.Web.Bench;

/// <summary>What <c>seed-bench</c> creates. The same options on an empty database give the same rows.</summary>
public sealed record BenchSeedOptions
{
    public int Users { get; init; } = 1_000_000;
    public int Groups { get; init; } = 50;
    public int MembershipsPerUser { get; init; } = 2;

    /// <summary>The fraction of users (0..1) who also hold one to three permissions directly.</summary>
    public double DirectGrantsPerUser { get; init; } = 0.05;

    /// <summary>Object grants on blog posts; one post is created per ten grants.</summary>
    public int ObjectGrants { get; init; } = 1_000_000;

    /// <summary>Blog posts, written by random users; at least one per ten object grants is made anyway.</summary>
    public int Posts { get; init; }

    /// <summary>Grow the permission catalogue to this many rows with stale bench permissions (0: leave it).</summary>
    public int Permissions { get; init; }

    public int Seed { get; init; } = 1;
    public bool Force { get; init; }
    public required string Password { get; init; }
}
