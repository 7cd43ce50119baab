using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class SyncPermissionsTests
{
    private const string NothingToDo = "Permissions are up to date: nothing to do.";
    private const string Stale = "blog.archive_oldmodel";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task First_sync_creates_the_catalogue_and_a_second_has_nothing_to_do(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var first = await Manage.SucceedAsync(db, "sync-permissions");
        var second = await Manage.SucceedAsync(db, "sync-permissions");

        Assert.Contains("create content type blog.post", first.OutLines);
        Assert.Contains("create blog.publish_post", first.OutLines);
        Assert.DoesNotContain(NothingToDo, first.OutLines);
        Assert.Equal([NothingToDo], second.OutLines);
        Assert.Equal("", second.Err);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sync_recreates_a_permission_deleted_by_hand(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "sync-permissions");
        await TestSite.ExecuteAsync(db, context => context.Permissions.Where(p => p.Codename == "publish_post").ExecuteDeleteAsync());
        Assert.False(await TestSite.QueryAsync(db, c => c.PermissionExistsAsync("blog", "publish_post")));

        var result = await Manage.SucceedAsync(db, "sync-permissions");

        Assert.Equal(["create blog.publish_post"], result.OutLines);
        Assert.True(await TestSite.QueryAsync(db, c => c.PermissionExistsAsync("blog", "publish_post")));
        Assert.Equal([NothingToDo], (await Manage.SucceedAsync(db, "sync-permissions")).OutLines);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_permission_whose_entity_is_gone_is_reported_and_kept(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedStalePermissionAsync(db);

        var result = await Manage.SucceedAsync(db, "sync-permissions");

        Assert.Equal(
            [$"stale {Stale} (1 user grant(s), 1 group grant(s)); remove with --remove-stale", NothingToDo],
            result.OutLines);
        Assert.True(await TestSite.QueryAsync(db, c => c.PermissionExistsAsync("blog", "archive_oldmodel")));
        // The stale grant still works until it is removed.
        Assert.Equal("allowed", await Manage.CheckAsync(db, "alice", Stale));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Remove_stale_dry_run_lists_it_with_its_grants_and_keeps_everything(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedStalePermissionAsync(db);
        var before = await AccountsSnapshot.TakeAsync(db);

        var result = await Manage.SucceedAsync(db, "sync-permissions", "--remove-stale", "--dry-run");

        Assert.Equal([$"would remove stale {Stale} with 1 user grant(s), 1 group grant(s)"], result.OutLines);
        Assert.Equal(before, await AccountsSnapshot.TakeAsync(db));
        Assert.True(await TestSite.QueryAsync(db, c => c.ContentTypes.AnyAsync(t => t.Model == "oldmodel")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Remove_stale_deletes_it_and_its_grants_but_no_other_grant(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedStalePermissionAsync(db);
        var before = await AccountsSnapshot.TakeAsync(db);

        var result = await Manage.SucceedAsync(db, "sync-permissions", "--remove-stale");

        Assert.Equal([$"remove stale {Stale} with 1 user grant(s), 1 group grant(s)"], result.OutLines);
        var after = await AccountsSnapshot.TakeAsync(db);
        Assert.Equal(
        [
            $"group grant Archivists {Stale}",
            $"permission {Stale} Can archive old model",
            $"user grant alice {Stale}",
        ], before.Except(after));
        var removal = Assert.Single(after, line => line.Contains("Deleted auth.permission", StringComparison.Ordinal));
        Assert.Contains($"cli Deleted auth.permission {Stale}", removal);
        Assert.Equal(before.Where(line => !line.Contains(Stale, StringComparison.Ordinal)), after.Where(line => line != removal));
        Assert.False(await TestSite.QueryAsync(db, c => c.ContentTypes.AnyAsync(t => t.Model == "oldmodel")));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "alice", "blog.change_post"));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.view_post"));
        // Gone from the catalogue: asking about it is an error now, not an answer.
        var check = await Manage.RunAsync(db, "check", "bob", Stale);
        Assert.Equal(1, check.ExitCode);
        Assert.Equal([$"error: Unknown permission '{Stale}'."], check.ErrLines);
        Assert.Equal([NothingToDo], (await Manage.SucceedAsync(db, "sync-permissions")).OutLines);
    }

    /// <summary>
    /// A content type blog.oldmodel (no such entity) with one permission, granted to alice directly and to the
    /// group Archivists (member bob), next to live grants: alice blog.change_post, Archivists blog.view_post.
    /// </summary>
    private static async Task SeedStalePermissionAsync(TestDatabase db)
    {
        await Manage.SucceedAsync(db, "users", "create", "alice");
        await Manage.SucceedAsync(db, "users", "create", "bob");
        await Manage.SucceedAsync(db, "users", "grant", "alice", "blog.change_post");
        await Manage.SucceedAsync(db, "groups", "create", "Archivists", "--perm", "blog.view_post");
        await Manage.SucceedAsync(db, "groups", "add-member", "Archivists", "bob");
        await TestSite.ExecuteAsync(db, async context =>
        {
            var permission = new Permission
            {
                ContentType = new ContentType { AppLabel = "blog", Model = "oldmodel" },
                Codename = "archive_oldmodel",
                Name = "Can archive old model",
            };
            context.Permissions.Add(permission);
            await context.SaveChangesAsync();
            var alice = await context.Users.SingleAsync(u => u.UserName == "alice");
            var archivists = await context.Roles.SingleAsync(g => g.Name == "Archivists");
            context.UserPermissions.Add(new UserPermission { UserId = alice.Id, PermissionId = permission.Id });
            context.GroupPermissions.Add(new GroupPermission { GroupId = archivists.Id, PermissionId = permission.Id });
            await context.SaveChangesAsync();
        });
    }
}
