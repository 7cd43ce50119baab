using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Bench;

/// <summary><c>seed-bench</c>: the bulk paths (COPY on PostgreSQL, batched INSERTs on SQLite) on a small scale.</summary>
public sealed class SeedBenchTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string[] SmallSeed =
    [
        "seed-bench", "--users", "300", "--groups", "5", "--memberships-per-user", "2", "--direct-grants-per-user", "0.1",
        "--object-grants", "200", "--permissions", "150", "--seed", "7", "--password-stdin",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeds_users_that_can_sign_in_with_groups_grants_and_object_grants(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.RunWithInputAsync(db, "bench-Password-1\n", SmallSeed);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Seeded 300 users, 5 groups, 600 memberships", result.Out);
        Assert.DoesNotContain("password:", result.Out); // it came from stdin
        await using var site = TestSite.Build(db);
        using var scope = site.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<Data.AppDbContext>();
        Assert.Equal(300, await context.Users.CountAsync(Cancel));
        Assert.Equal(600, await context.UserRoles.CountAsync(Cancel));
        Assert.Equal(200, await context.UserObjectPermissions.CountAsync(Cancel));
        Assert.Equal(20, await context.Posts.CountAsync(Cancel));
        Assert.Equal(150, await context.Permissions.CountAsync(Cancel));
        Assert.InRange(await context.UserPermissions.Select(g => g.UserId).Distinct().CountAsync(Cancel), 10, 60);

        var users = await context.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(Cancel);
        Assert.All(users, u =>
        {
            Assert.Equal(u.UserName!.ToUpperInvariant(), u.NormalizedUserName);
            Assert.Equal(u.Email?.ToUpperInvariant(), u.NormalizedEmail);
            Assert.False(string.IsNullOrEmpty(u.SecurityStamp));
            Assert.False(string.IsNullOrEmpty(u.ConcurrencyStamp));
        });
        // Written around EF Core, the users are in the search index all the same (by the middle of a name).
        var someone = users[150];
        var found = await UserSearch.FilterAsync(context, scope.ServiceProvider.GetRequiredService<SubstringSearch>(),
            new UserListQuery { Q = someone.UserName![2..^2] }, cancellationToken: Cancel);
        Assert.Contains(someone.Id, await found.Select(u => u.Id).ToListAsync(Cancel));
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PermissionsUser>>();
        Assert.True(await manager.CheckPasswordAsync(users[^1], "bench-Password-1"));

        // New rows get the next ids: the id generators were moved past the explicit ones.
        await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("after.bench", null, null);
        Assert.Equal(users[^1].Id + 1, (await context.Users.SingleAsync(u => u.UserName == "after.bench", Cancel)).Id);
    }

    /// <summary>
    /// The measurements that follow a seed find planner statistics for every table that has rows, the ones triggers
    /// filled too (the users' search table): never vacuumed nor analyzed, a table's <c>reltuples</c> is -1.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task Every_table_with_rows_is_analyzed_afterwards_the_ones_triggers_filled_too(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.RunWithInputAsync(db, "bench-Password-1\n", SmallSeed);

        Assert.True(result.ExitCode == 0, result.ToString());
        var notAnalyzed = await TestSite.QueryAsync(db, context => context.Database.SqlQueryRaw<string>("""
            SELECT c.relname AS "Value" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltuples < 0
              AND (xpath('/row/e/text()', query_to_xml(format('SELECT EXISTS (SELECT 1 FROM %I) AS e', c.relname), false, true, '')))[1]::text = 'true'
            """).ToListAsync(Cancel));
        Assert.Empty(notAnalyzed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_options_give_the_same_rows_and_a_database_with_users_needs_force(DatabaseKind kind)
    {
        await using var first = await TestDatabase.CreateAsync(kind);
        await using var second = await TestDatabase.CreateAsync(kind);
        Assert.Equal(0, (await Manage.RunWithInputAsync(first, "pw-Bench-2\n", SmallSeed)).ExitCode);
        Assert.Equal(0, (await Manage.RunWithInputAsync(second, "pw-Bench-2\n", SmallSeed)).ExitCode);

        Assert.Equal(await SnapshotAsync(first), await SnapshotAsync(second));

        var refused = await Manage.RunWithInputAsync(first, "pw-Bench-2\n", SmallSeed);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already has users", refused.Err);
        Assert.Contains("--force", refused.Err);

        var forced = await Manage.RunWithInputAsync(first, "pw-Bench-2\n", [.. SmallSeed, "--force"]);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(600, await TestSite.QueryAsync(first, c => c.Users.CountAsync(Cancel)));
    }

    private static Task<List<string>> SnapshotAsync(TestDatabase db) => TestSite.QueryAsync<List<string>>(db, async context =>
    {
        var users = await context.Users.OrderBy(u => u.Id)
            .Select(u => $"{u.Id} {u.UserName} {u.Email} {u.IsActive} {u.IsStaff} {u.DateJoined:O} {u.LastLogin:O} {u.SecurityStamp}").ToListAsync(Cancel);
        var memberships = await context.UserRoles.OrderBy(m => m.UserId).ThenBy(m => m.RoleId).Select(m => $"m {m.UserId} {m.RoleId}").ToListAsync(Cancel);
        var grants = await context.UserObjectPermissions.OrderBy(g => g.UserId).ThenBy(g => g.PermissionId).ThenBy(g => g.ObjectId)
            .Select(g => $"o {g.UserId} {g.PermissionId} {g.ObjectId}").ToListAsync(Cancel);
        return [.. users, .. memberships, .. grants];
    });
}
