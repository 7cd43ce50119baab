using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.ObjectPermissions;
using PermissionsAdmin.Web.Tests.Support;
using PermissionsAdmin.Web.Tests.Tokens;

namespace PermissionsAdmin.Web.Tests.Concurrency;

/// <summary>
/// Writers racing on one user or group: a grant already in place succeeds, an unconditional write (no If-Match) is
/// retried from a fresh read instead of failing or undoing the other writer's change, and only a write that named
/// the version it expected (If-Match) is refused when someone else got there first.
/// </summary>
public sealed class ConcurrentWritesTests
{
    private const int Writers = 8;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_grants_of_one_permission_all_succeed_and_leave_one_grant(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var bob = await site.CreateUserAsync("bob");
        var group = await site.CreateGroupAsync("Moderators");
        var post = await site.AddPostAsync("A post");

        await AllAtOnceAsync(site, services => services.GetRequiredService<UserAdministration>().GrantAsync(bob, "blog.publish_post"));
        await AllAtOnceAsync(site, services => services.GetRequiredService<GroupAdministration>().GrantAsync(group, "blog.publish_post"));
        await AllAtOnceAsync(site, services => services.GetRequiredService<GroupAdministration>().AddMemberAsync(group, bob));
        await AllAtOnceAsync(site, async services =>
        {
            var entity = await services.GetRequiredService<AppDbContext>().Posts.SingleAsync(p => p.Id == post);
            await services.GetRequiredService<ObjectPermissionAdministration>().AssignAsync("blog.change_post", bob, entity);
        });

        Assert.Equal(["blog.publish_post"], await site.DirectPermissionsOfAsync("bob"));
        Assert.Equal(["Moderators"], await site.GroupsOfAsync("bob"));
        Assert.Equal(["blog.publish_post"], await site.QueryAsync(db => db.GroupPermissionNamesAsync("Moderators")));
        Assert.Equal(["user bob: blog.change_post"], await site.GrantsOnPostAsync(post));
        // Each change is in the history once: the grants that found it in place changed nothing.
        Assert.Equal(1, await ChangesRecordedAsync(site, UserAdministration.ObjectType, bob.Id, "permissionsAdded"));
        Assert.Equal(1, await ChangesRecordedAsync(site, UserAdministration.ObjectType, bob.Id, "groupsAdded"));
        Assert.Equal(1, await ChangesRecordedAsync(site, GroupAdministration.ObjectType, group.Id, "permissionsAdded"));
        Assert.Equal(1, await ChangesRecordedAsync(site, "blog.post", post, "grantsAdded"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_grants_of_different_permissions_all_stay(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var bob = await site.CreateUserAsync("bob");
        var group = await site.CreateGroupAsync("Moderators");
        string[] permissions = ["blog.add_post", "blog.change_post", "blog.delete_post", "blog.view_post",
            "blog.publish_post", "blog.feature_post", "blog.add_photo", "blog.view_photo"];

        await AllAtOnceAsync(site, (services, i) => services.GetRequiredService<UserAdministration>().GrantAsync(bob, permissions[i]));
        await AllAtOnceAsync(site, (services, i) => services.GetRequiredService<GroupAdministration>().GrantAsync(group, permissions[i]));

        var expected = permissions.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await site.DirectPermissionsOfAsync("bob"));
        Assert.Equal(expected, await site.QueryAsync(db => db.GroupPermissionNamesAsync("Moderators")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_creates_of_one_name_make_one_and_refuse_the_others_by_name(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var outcomes = new ConcurrentBag<string>();

        await AllAtOnceAsync(site, async services =>
        {
            try
            {
                await services.GetRequiredService<UserAdministration>().CreateAsync("dave", null, null);
                outcomes.Add("created");
            }
            catch (AdministrationException refused)
            {
                outcomes.Add($"{refused.Field}: {refused.Message}");
            }
        });
        await AllAtOnceAsync(site, async services =>
        {
            try
            {
                await services.GetRequiredService<GroupAdministration>().CreateAsync("Reviewers", Array.Empty<string>());
                outcomes.Add("created");
            }
            catch (AdministrationException refused)
            {
                outcomes.Add($"{refused.Field}: {refused.Message}");
            }
        });

        Assert.Equal(2, outcomes.Count(o => o == "created"));
        Assert.Equal(Writers - 1, outcomes.Count(o => o == "userName: Username 'dave' is already taken."));
        Assert.Equal(Writers - 1, outcomes.Count(o => o == "name: A group named 'Reviewers' already exists."));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_cli_processes_and_hosts_granting_one_permission_all_succeed(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");

        // Three real processes started together, as an operator's scripts would start them.
        AllGranted("blog.publish_post",
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CliProcess.RunAsync(db, "users", "grant", "bob", "blog.publish_post"))));
        // Six more writers than processes would allow (2–4 s of CPU each): the same command, each on a host and
        // connections of its own.
        AllGranted("blog.feature_post",
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Manage.RunAsync(db, "users", "grant", "bob", "blog.feature_post"))));
        var held = await TestSite.QueryAsync(db, context => context.UserPermissions.Where(g => g.User.UserName == "bob")
            .Select(g => g.Permission.Codename).ToListAsync());
        Assert.Equal(["feature_post", "publish_post"], held.Order(StringComparer.Ordinal));

        static void AllGranted(string permission, CliResult[] runs)
        {
            // Standard output may also carry the log's note that a process waited for another's startup step.
            foreach (var run in runs)
            {
                Assert.True(run.ExitCode == 0 && run.OutLines.Contains($"Granted {permission} to 'bob'.") && run.Err.Length == 0, run.ToString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Many_concurrent_unconditional_api_writes_to_one_user_all_succeed(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", staff: true, superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var token = await TokenCaller.CreateTokenAsync(site, "root", "script");
        var api = ApiClient.WithToken(site, token);
        var group = await site.CreateGroupAsync("Moderators");
        string[] permissions = ["blog.add_post", "blog.change_post", "blog.delete_post", "blog.view_post",
            "blog.publish_post", "blog.feature_post", "blog.add_photo", "blog.view_photo"];
        var user = $"/api/v1/users/{bob.Id}";

        var writes = permissions.Select(p => (Func<Task<ApiResponse>>)(() => api.PostAsync($"{user}/permissions", new { permission = p })))
            .Concat(permissions.Select(p => (Func<Task<ApiResponse>>)(() => api.PostAsync($"{user}/permissions", new { permission = p }))))
            .Concat(Enumerable.Range(0, 4).Select(i => (Func<Task<ApiResponse>>)(() => api.PatchAsync(user, new { firstName = $"Bob {i}" }))))
            .Append(() => api.PostAsync($"{user}/groups/{group.Id}"))
            .Append(() => api.PostAsync($"/api/v1/groups/{group.Id}/permissions", new { permission = "blog.view_post" }))
            .ToList();
        using var start = new SemaphoreSlim(0);
        var sent = writes.Select(async write =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await write();
        }).ToList();
        start.Release(writes.Count);
        var responses = await Task.WhenAll(sent);

        foreach (var response in responses) Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(permissions.Order(StringComparer.Ordinal), await site.DirectPermissionsOfAsync("bob"));
        Assert.Equal(["Moderators"], await site.GroupsOfAsync("bob"));
        Assert.StartsWith("Bob ", (await site.FindUserAsync("bob"))!.FirstName, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_write_with_a_stale_if_match_is_still_refused(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", staff: true, superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var api = ApiClient.WithToken(site, await TokenCaller.CreateTokenAsync(site, "root", "script"));
        var user = $"/api/v1/users/{bob.Id}";
        var read = await api.GetAsync(user);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"{user}/permissions", new { permission = "blog.view_post" })).Status);
        var before = await site.SnapshotAsync();

        foreach (var stale in new[]
        {
            await api.PostAsync($"{user}/permissions", new { permission = "blog.add_post" }, read.ETag),
            await api.PatchAsync(user, new { firstName = "Robert" }, read.ETag),
            await api.DeleteAsync($"{user}/permissions/blog.view_post", read.ETag),
        })
        {
            Assert.True(stale.Status == HttpStatusCode.PreconditionFailed, stale.ToString());
        }
        Assert.Equal(before, await site.SnapshotAsync());
    }

    /// <summary>Runs <paramref name="write"/> <see cref="Writers"/> times at once, each in its own scope (as separate requests are); all must succeed.</summary>
    private static Task AllAtOnceAsync(AdminSite site, Func<IServiceProvider, Task> write) =>
        AllAtOnceAsync(site, (services, _) => write(services));

    private static async Task AllAtOnceAsync(AdminSite site, Func<IServiceProvider, int, Task> write)
    {
        using var start = new SemaphoreSlim(0);
        var writers = Enumerable.Range(0, Writers).Select(i => Task.Run(() => site.InScopeAsync(async services =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            await write(services, i);
        }))).ToList();
        start.Release(Writers);
        await Task.WhenAll(writers);
    }

    private static Task<int> ChangesRecordedAsync(AdminSite site, string objectType, int objectId, string change) =>
        site.QueryAsync(db => db.AuditEntries.CountAsync(e =>
            e.ObjectType == objectType && e.ObjectId == objectId.ToString(CultureInfo.InvariantCulture) && e.Action == AuditAction.Changed && e.Changes.Contains(change)));
}
