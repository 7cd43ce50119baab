using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PermissionsAdmin.Model;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Bench;

/// <summary>What <see cref="BenchSeeder"/> wrote.</summary>
public sealed record BenchSeedReport(
    int Users, int Groups, long Memberships, long DirectGrants, int Posts, long ObjectGrants, int PermissionsAdded, TimeSpan Elapsed);

/// <summary>
/// Fills a database for benchmarks: users with realistic names, groups holding permissions, memberships, direct
/// grants, blog posts with object grants, and optionally a larger permission catalogue. Rows go in through bulk
/// paths (<see cref="IBulkWriter"/>), straight past the administration services: no audit entries, no delegation
/// rules, one password hash shared by every user. Deterministic: each kind of row draws from its own seeded random
/// stream, so the same options on an empty database give the same rows.
/// </summary>
public sealed class BenchSeeder(AppDbContext db, IPasswordHasher<PermissionsUser> hasher)
{
    public const string BenchApp = "bench";
    private static readonly string[] Domains = ["example.com", "example.org", "mail.test", "corp.example", "uni.example"];
    private static readonly DateTime Epoch = new(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task<BenchSeedReport> SeedAsync(BenchSeedOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        Validate(options);
        if (!options.Force && await db.Users.AnyAsync(cancellationToken))
        {
            throw new AdministrationException(
                "The database already has users; seed-bench fills an empty one. Add --force to add the bench rows anyway.");
        }
        var clock = Stopwatch.StartNew();
        var permissionsAdded = await GrowCatalogueAsync(options.Permissions, cancellationToken);
        var grantable = await db.Permissions.Where(p => p.ContentType.AppLabel != BenchApp).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.ContentTypeId, p.ContentType.AppLabel, p.ContentType.Model, p.Codename })
            .ToListAsync(cancellationToken);
        var viewPost = grantable.Single(p => p is { AppLabel: "blog", Codename: "view_post" });
        var postPermissions = grantable.Where(p => p.ContentTypeId == viewPost.ContentTypeId).Select(p => p.Id).ToArray();
        var permissionIds = grantable.Select(p => p.Id).ToArray();
        var groupIds = await GroupsAsync(options, permissionIds, viewPost.Id, cancellationToken);

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            IBulkWriter writer = db.Database.GetDbConnection() switch
            {
                NpgsqlConnection postgres => new PostgresBulkWriter(postgres),
                SqliteConnection sqlite => new SqliteBulkWriter(sqlite),
                var other => throw new NotSupportedException($"seed-bench bulk-loads SQLite and PostgreSQL only, not {other.GetType().Name}."),
            };
            var firstUserId = (await db.Users.MaxAsync(u => (int?)u.Id, cancellationToken) ?? 0) + 1;
            var firstPostId = (await db.Posts.MaxAsync(p => (int?)p.Id, cancellationToken) ?? 0) + 1;
            var userIds = Enumerable.Range(firstUserId, options.Users);
            var posts = Math.Max(options.Posts, (options.ObjectGrants + 9) / 10);

            var users = BulkTable.For<PermissionsUser>(db, UserColumns);
            await LoadAsync(writer, users, UserRows(options, firstUserId, hasher.HashPassword(new PermissionsUser(), options.Password)),
                "users", options.Users, output, cancellationToken);
            await writer.ResetIdentityAsync(users, nameof(PermissionsUser.Id), cancellationToken);

            var memberships = BulkTable.For<GroupMembership>(db, nameof(GroupMembership.UserId), nameof(GroupMembership.RoleId));
            var membershipsPerUser = Math.Min(options.MembershipsPerUser, groupIds.Length);
            var membershipCount = await LoadAsync(writer, memberships, Memberships(options, userIds, groupIds, membershipsPerUser),
                "memberships", (long)options.Users * membershipsPerUser, output, cancellationToken);

            var directGrants = BulkTable.For<UserPermission>(db, nameof(UserPermission.UserId), nameof(UserPermission.PermissionId));
            var directCount = await LoadAsync(writer, directGrants, DirectGrants(options, userIds, permissionIds),
                "direct grants", (long)(options.Users * options.DirectGrantsPerUser * 2), output, cancellationToken);

            var postTable = BulkTable.For<Post>(db, nameof(Post.Id), nameof(Post.Title), nameof(Post.Body), nameof(Post.IsPublished),
                nameof(Post.IsFeatured), nameof(Post.CreatedAt), nameof(Post.AuthorId));
            await LoadAsync(writer, postTable, Posts(options, firstPostId, posts, firstUserId), "posts", posts, output, cancellationToken);
            await writer.ResetIdentityAsync(postTable, nameof(Post.Id), cancellationToken);

            var objectGrants = BulkTable.For<UserObjectPermission>(db, nameof(UserObjectPermission.UserId),
                nameof(UserObjectPermission.PermissionId), nameof(UserObjectPermission.ContentTypeId), nameof(UserObjectPermission.ObjectId));
            var objectGrantCount = await LoadAsync(writer, objectGrants,
                ObjectGrants(options, firstUserId, firstPostId, posts, postPermissions, viewPost.ContentTypeId),
                "object grants", options.ObjectGrants, output, cancellationToken);

            await output.WriteAsync("analyzing…");
            await writer.AnalyzeAsync(cancellationToken);
            await output.WriteLineAsync(" done");
            return new BenchSeedReport(options.Users, groupIds.Length, membershipCount, directCount, posts, objectGrantCount,
                permissionsAdded, clock.Elapsed);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Validate(BenchSeedOptions options)
    {
        if (options.Users < 0 || options.Groups < 0 || options.MembershipsPerUser < 0 || options.ObjectGrants < 0 || options.Permissions < 0)
            throw new AdministrationException("Counts cannot be negative.");
        if (options.DirectGrantsPerUser is < 0 or > 1)
            throw new AdministrationException("--direct-grants-per-user is a fraction of the users, from 0 to 1.");
        // Ten grants per post, each a distinct (user, permission, post): a handful of users cannot fill that.
        if (options.ObjectGrants > 0 && options.Users < 10)
            throw new AdministrationException("--object-grants needs at least 10 --users to hand them to.");
    }

    private static async Task<long> LoadAsync(IBulkWriter writer, BulkTable table, IEnumerable<object?[]> rows, string label, long expected,
        TextWriter output, CancellationToken cancellationToken)
    {
        var progress = new BenchProgress(output, label, expected);
        long count = 0;
        await writer.WriteAsync(table, rows.Select(row => { count++; return row; }), progress, cancellationToken);
        progress.Finish();
        return count;
    }

    private static readonly string[] UserColumns =
    [
        nameof(PermissionsUser.Id), nameof(PermissionsUser.UserName), nameof(PermissionsUser.NormalizedUserName),
        nameof(PermissionsUser.Email), nameof(PermissionsUser.NormalizedEmail), nameof(PermissionsUser.EmailConfirmed),
        nameof(PermissionsUser.PasswordHash), nameof(PermissionsUser.SecurityStamp), nameof(PermissionsUser.ConcurrencyStamp),
        nameof(PermissionsUser.PhoneNumberConfirmed), nameof(PermissionsUser.TwoFactorEnabled), nameof(PermissionsUser.LockoutEnabled),
        nameof(PermissionsUser.AccessFailedCount), nameof(PermissionsUser.FirstName),
        nameof(PermissionsUser.LastName), nameof(PermissionsUser.IsActive),
        nameof(PermissionsUser.IsStaff), nameof(PermissionsUser.IsSuperuser), nameof(PermissionsUser.DateJoined),
        nameof(PermissionsUser.LastLogin),
    ];

    /// <summary>
    /// Users in <see cref="UserColumns"/> order: "james.smith1042", one in ten without an e-mail, 3% inactive, 1% staff,
    /// one in 100,000 a superuser, joined over six years in id order, seven in ten signed in since.
    /// </summary>
    private static IEnumerable<object?[]> UserRows(BenchSeedOptions options, int firstId, string passwordHash)
    {
        var random = Stream(options, 1);
        var joinedSpan = (Now - Epoch).TotalSeconds;
        var stamp = new byte[16];
        for (var i = 0; i < options.Users; i++)
        {
            var id = firstId + i;
            var first = BenchNames.First[BenchNames.Skewed(random, BenchNames.First.Length)];
            var last = BenchNames.Last[BenchNames.Skewed(random, BenchNames.Last.Length)];
            var userName = $"{BenchNames.Ascii(first)}.{BenchNames.Ascii(last)}{id}";
            string? email = random.Next(10) == 0 ? null : $"{userName}@{Domains[random.Next(Domains.Length)]}";
            var superuser = random.Next(100_000) == 0;
            var staff = superuser || random.Next(100) == 0;
            var active = random.Next(100) >= 3;
            var joined = Epoch.AddSeconds(Math.Floor(joinedSpan * i / Math.Max(1, options.Users)) + random.Next(3600));
            DateTime? lastLogin = random.Next(10) < 7 ? joined.AddSeconds(Math.Floor(random.NextDouble() * (Now - joined).TotalSeconds)) : null;
            random.NextBytes(stamp);
            var securityStamp = Convert.ToHexString(stamp);
            random.NextBytes(stamp);
            var concurrencyStamp = new Guid(stamp).ToString();
            yield return
            [
                id, userName, userName.ToUpperInvariant(), email, email?.ToUpperInvariant(), email is not null,
                passwordHash, securityStamp, concurrencyStamp, false, false, true, 0,
                first, last, active, staff, superuser, joined, lastLogin,
            ];
        }
    }

    private static IEnumerable<object?[]> Memberships(BenchSeedOptions options, IEnumerable<int> userIds, int[] groupIds, int perUser)
    {
        var random = Stream(options, 2);
        var pool = (int[])groupIds.Clone();
        foreach (var userId in userIds)
        {
            foreach (var groupId in Pick(random, pool, perUser)) yield return [userId, groupId];
        }
    }

    private static IEnumerable<object?[]> DirectGrants(BenchSeedOptions options, IEnumerable<int> userIds, int[] permissionIds)
    {
        var random = Stream(options, 3);
        var pool = (int[])permissionIds.Clone();
        foreach (var userId in userIds)
        {
            if (random.NextDouble() >= options.DirectGrantsPerUser) continue;
            foreach (var permissionId in Pick(random, pool, random.Next(1, 4))) yield return [userId, permissionId];
        }
    }

    private static IEnumerable<object?[]> Posts(BenchSeedOptions options, int firstId, int count, int firstUserId)
    {
        var random = Stream(options, 4);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            yield return
            [
                id, $"Bench post {id}", "", random.Next(2) == 0, random.Next(50) == 0,
                Epoch.AddSeconds(Math.Floor((Now - Epoch).TotalSeconds * i / count)), options.Users == 0 ? null : firstUserId + random.Next(options.Users),
            ];
        }
    }

    /// <summary>Grants of a post's permissions to random users on random posts, each (user, permission, post) once.</summary>
    private static IEnumerable<object?[]> ObjectGrants(BenchSeedOptions options, int firstUserId, int firstPostId, int posts,
        int[] postPermissions, int contentTypeId)
    {
        var random = Stream(options, 5);
        var seen = new HashSet<(int, int, int)>();
        while (seen.Count < options.ObjectGrants)
        {
            var grant = (firstUserId + random.Next(options.Users), postPermissions[random.Next(postPermissions.Length)], firstPostId + random.Next(posts));
            if (seen.Add(grant)) yield return [grant.Item1, grant.Item2, contentTypeId, grant.Item3];
        }
    }

    /// <summary>The bench groups ("Bench team 001"…), found or created; new ones get 3–12 permissions, every other one blog.view_post.</summary>
    private async Task<int[]> GroupsAsync(BenchSeedOptions options, int[] permissionIds, int viewPostId, CancellationToken cancellationToken)
    {
        var random = Stream(options, 6);
        var names = Enumerable.Range(1, options.Groups).Select(n => $"Bench team {n:D3}").ToList();
        var existing = await db.Roles.Where(r => names.Contains(r.Name!)).ToDictionaryAsync(r => r.Name!, cancellationToken);
        var pool = (int[])permissionIds.Clone();
        var stamp = new byte[16];
        for (var n = 0; n < names.Count; n++)
        {
            var held = Pick(random, pool, random.Next(3, 13)).ToHashSet();
            if (n % 2 == 0) held.Add(viewPostId);
            random.NextBytes(stamp);
            if (existing.ContainsKey(names[n])) continue;
            var group = new PermissionsGroup(names[n]) { NormalizedName = names[n].ToUpperInvariant(), ConcurrencyStamp = new Guid(stamp).ToString() };
            foreach (var permissionId in held) group.Permissions.Add(new GroupPermission { PermissionId = permissionId });
            db.Roles.Add(group);
            existing[names[n]] = group;
        }
        await db.SaveChangesAsync(cancellationToken);
        return names.Select(name => existing[name].Id).ToArray();
    }

    /// <summary>
    /// Stale permissions on bench content types ("bench.widget001", ten verbs each) until the catalogue holds
    /// <paramref name="total"/> rows: a large catalogue without a thousand entity classes. Startup sync keeps them.
    /// </summary>
    private async Task<int> GrowCatalogueAsync(int total, CancellationToken cancellationToken)
    {
        string[] verbs = ["add", "change", "delete", "view", "approve", "archive", "export", "import", "publish", "review"];
        var missing = total - await db.Permissions.CountAsync(cancellationToken);
        if (missing <= 0) return 0;
        var number = await db.ContentTypes.CountAsync(c => c.AppLabel == BenchApp, cancellationToken);
        var added = 0;
        while (added < missing)
        {
            var model = $"widget{++number:D3}";
            var contentType = new ContentType { AppLabel = BenchApp, Model = model };
            foreach (var verb in verbs.Take(missing - added))
            {
                contentType.Permissions.Add(new Permission { Codename = $"{verb}_{model}", Name = $"Can {verb} widget {number:D3}" });
                added++;
            }
            db.ContentTypes.Add(contentType);
        }
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>Picks <paramref name="count"/> distinct items (a partial shuffle of <paramref name="pool"/>, reordering it).</summary>
    private static int[] Pick(Random random, int[] pool, int count)
    {
        count = Math.Min(count, pool.Length);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool.Take(count).ToArray();
    }

    /// <summary>One random stream per kind of row, so changing one count leaves the other kinds' rows as they were.</summary>
    private static Random Stream(BenchSeedOptions options, int kind) => new(unchecked(options.Seed * 7919 + kind));
}
