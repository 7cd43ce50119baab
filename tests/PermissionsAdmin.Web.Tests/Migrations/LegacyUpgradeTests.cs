using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Demo;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Migrations;

/// <summary>
/// A database made by the hand-written migrations (Legacy/*.sql: their script, as generated on 2026-12-05) upgrades
/// in place to the generated ones: every row kept, and the very schema a new database gets, triggers included.
/// </summary>
public sealed class LegacyUpgradeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_made_by_the_hand_written_migrations_upgrades_in_place_with_every_row(DatabaseKind kind)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var legacy = await TestDatabase.CreateAsync(kind);
        await using var fresh = await TestDatabase.CreateAsync(kind);
        await TestSite.ExecuteAsync(legacy, context => RunScriptAsync(context, kind));
        List<string> rowsBefore;
        await using (var site = TestSite.Build(legacy, configure: AsTheLegacyModel))
        {
            await site.SyncPermissionsAsync(cancellationToken);
            using var scope = site.Services.CreateScope();
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
            Assert.NotEmpty(seeded.Accounts);
            rowsBefore = await DatabaseSnapshot.TakeAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }
        Assert.Contains(rowsBefore, line => line.StartsWith("AspNetUsers ", StringComparison.Ordinal));
        Assert.Contains(rowsBefore, line => line.StartsWith("UserObjectPermissions ", StringComparison.Ordinal));

        await using (var site = TestSite.Build(legacy)) await site.PrepareDatabaseAsync(cancellationToken);
        await using (var site = TestSite.Build(fresh)) await site.PrepareDatabaseAsync(cancellationToken);

        // The feed's rows are the upgrade's only writes; none are expected, but the feed is not the data under test.
        // Posts and comments gain a version (migration PostAndCommentVersions): the empty one, until they are saved.
        var rowsAfter = WithoutFeed(await DatabaseSnapshot.TakeAsync(legacy));
        var versioned = rowsAfter.Where(line => line.StartsWith("Posts ", StringComparison.Ordinal) || line.StartsWith("Comments ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(versioned);
        Assert.All(versioned, line => Assert.EndsWith(EmptyVersion, line, StringComparison.Ordinal));
        Assert.Equal(WithoutFeed(rowsBefore), rowsAfter.Select(WithoutAddedColumns));
        var upgraded = await TestSite.QueryAsync(legacy, SchemaReader.ReadAsync);
        Assert.Contains(upgraded, line => line.StartsWith("trigger AspNetUsers.", StringComparison.Ordinal));
        Assert.Equal(await TestSite.QueryAsync(fresh, SchemaReader.ReadAsync), upgraded);
        var applied = await TestSite.QueryAsync(legacy, async context => (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList());
        var all = await TestSite.QueryAsync(legacy, context => Task.FromResult(context.Database.GetMigrations().ToList()));
        Assert.Empty(all.Except(applied));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_stopped_partway_through_the_hand_written_migrations_is_refused_with_what_to_do(DatabaseKind kind)
    {
        await using var legacy = await TestDatabase.CreateAsync(kind);
        await TestSite.ExecuteAsync(legacy, async context =>
        {
            await RunScriptAsync(context, kind);
            await context.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" > '20261124000000'""");
        });
        var before = await TestSite.QueryAsync(legacy, SchemaReader.ReadAsync);

        await using var site = TestSite.Build(legacy);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => site.PrepareDatabaseAsync(TestContext.Current.CancellationToken));

        Assert.Contains("stops at migration '20261123000000_ScaleOut'", refused.Message);
        Assert.Contains("bad45c2", refused.Message);
        Assert.Equal(before, await TestSite.QueryAsync(legacy, SchemaReader.ReadAsync));
    }

    private static async Task RunScriptAsync(AppDbContext context, DatabaseKind kind)
    {
        var script = await File.ReadAllTextAsync(
            Path.Combine(AppContext.BaseDirectory, "Migrations", "Legacy", $"{kind.ToString().ToLowerInvariant()}.sql"));
        await context.Database.ExecuteSqlRawAsync(script.Replace("{", "{{").Replace("}", "}}"));
    }

    private const string EmptyVersion = " | Version=00000000-0000-0000-0000-000000000000";

    /// <summary>Columns later migrations added, as rows made before them have them: posts' and comments' empty version, no end.</summary>
    private static readonly string[] AddedColumns = [EmptyVersion.TrimStart(' ', '|'), "ExpiresAt="];

    private static string WithoutAddedColumns(string line)
    {
        var (table, columns) = (line[..line.IndexOf(' ')], line[(line.IndexOf(' ') + 1)..].Split(" | "));
        return $"{table} {string.Join(" | ", columns.Except(AddedColumns))}";
    }

    /// <summary>The model without what later migrations added, so the site runs on the hand-written schema.</summary>
    private static void AsTheLegacyModel(WebApplicationBuilder builder)
    {
        builder.Services.ConfigureDbContext<AppDbContext>(options => options.ReplaceService<IModelCustomizer, LegacyModelCustomizer>());
        // Request policies have no table yet.
        builder.Services.PostConfigure<AccessRequestOptions>(options => options.Groups.Clear());
    }

    private sealed class LegacyModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Post>().Ignore(p => p.Version);
            modelBuilder.Entity<Comment>().Ignore(c => c.Version);
            modelBuilder.Ignore<AnyoneObjectPermission>();
            modelBuilder.Entity<GroupMembership>().HasQueryFilter(null).Ignore(m => m.ExpiresAt);
            modelBuilder.Entity<UserPermission>().HasQueryFilter(null).Ignore(g => g.ExpiresAt);
            modelBuilder.Ignore<AccessRequestApproval>();
            modelBuilder.Ignore<AccessRequest>();
            modelBuilder.Ignore<AccessPolicy>();
            modelBuilder.Ignore<Notice>();
        }
    }

    /// <summary>Without the feed's rows and the tables later migrations created (empty after the upgrade).</summary>
    private static List<string> WithoutFeed(List<string> rows) =>
        rows.Where(line => !line.StartsWith("PermissionChanges", StringComparison.Ordinal) && !LaterTables.Contains(line)).ToList();

    private static readonly string[] LaterTables =
    [
        "AnyoneObjectPermissions: 0 rows", "AccessPolicies: 0 rows", "AccessRequests: 0 rows", "AccessRequestApprovals: 0 rows", "Notices: 0 rows",
    ];
}
