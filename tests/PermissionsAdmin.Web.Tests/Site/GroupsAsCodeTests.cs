using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>
/// Groups declared in configuration (<c>PermissionsAdmin:Groups</c>) are bound to the groups they created, so no one
/// can make the configuration fill a group of their own making.
/// </summary>
public sealed class GroupsAsCodeTests
{
    private static readonly string[] EditorsPermissions =
        ["blog.change_post", "blog.change_post_title", "blog.feature_post", "blog.publish_post", "blog.view_post"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delegated_admin_cannot_rename_a_configured_group_away_and_have_the_next_start_fill_their_own(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("deputy", staff: true, permissions:
            ["auth.view_group", "auth.add_group", "auth.change_group", "auth.delete_group", "auth.view_user", "auth.change_user"]);
        var friend = await site.CreateUserAsync("friend");
        var editors = await site.GroupIdAsync("Editors");
        var deputy = await ApiClient.SignedInAsync(site, "deputy");

        // The attack: rename "Editors" away, create a new "Editors" holding nothing, put a friend in it, wait for a restart.
        var renamed = await deputy.PatchAsync($"/api/v1/groups/{editors}", new { name = "Old editors" });
        var created = await deputy.PostAsync("/api/v1/groups", new { name = "Editors" });
        if (created.Status == HttpStatusCode.Created)
        {
            await deputy.PostAsync($"/api/v1/groups/{created.Json.GetProperty("id").GetInt32()}/members", new { userId = friend.Id });
        }
        var deleted = await deputy.DeleteAsync($"/api/v1/groups/{editors}");
        await RestartAsync(site.Database);

        Assert.Equal("denied", await Manage.CheckAsync(site.Database, "friend", "blog.publish_post"));
        Assert.Equal(HttpStatusCode.Forbidden, renamed.Status);
        Assert.Equal("Only a superuser can rename the group 'Editors': the configuration manages it (PermissionsAdmin:Groups:Editors).", renamed.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, created.Status);
        Assert.Equal("Only a superuser can name a group 'Editors': the configuration declares it (PermissionsAdmin:Groups:Editors).", created.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, deleted.Status);
        Assert.Equal("Only a superuser can delete the group 'Editors': the configuration manages it (PermissionsAdmin:Groups:Editors).", deleted.Detail);
        Assert.Equal(["Creators", "Editors", "Subscribers"], await site.QueryAsync(async db => (await db.Roles.Select(g => g.Name!).ToListAsync()).Order(StringComparer.Ordinal).ToList()));
        Assert.Equal(editors, await site.GroupIdAsync("Editors"));

        // Other groups stay the delegated admin's to rename and delete.
        var own = await deputy.PostAsync("/api/v1/groups", new { name = "Proofreaders" });
        Assert.Equal(HttpStatusCode.Created, own.Status);
        var ownId = own.Json.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await deputy.PatchAsync($"/api/v1/groups/{ownId}", new { name = "Reviewers" })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"/api/v1/groups/{ownId}")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_configured_group_renamed_by_a_superuser_keeps_its_configuration_and_a_new_group_of_the_old_name_gets_none(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await RestartAsync(db);
        var editors = await TestSite.QueryAsync(db, c => c.Roles.Where(g => g.Name == "Editors").Select(g => g.Id).SingleAsync());
        // A superuser's doing (the CLI acts as the system): rename, take a grant away, reuse the old name.
        await InScopeAsync(db, async services =>
        {
            var groups = services.GetRequiredService<GroupAdministration>();
            await groups.UpdateAsync(editors, null, "Senior editors", null);
            await groups.RevokeAsync(await groups.GetAsync(editors), "blog.publish_post");
        });
        await Manage.SucceedAsync(db, "groups", "create", "Editors", "--perm", "blog.view_post");

        await RestartAsync(db);

        Assert.Equal(EditorsPermissions, await TestSite.QueryAsync(db, c => c.GroupPermissionNamesAsync("Senior editors")));
        Assert.Equal(["blog.view_post"], await TestSite.QueryAsync(db, c => c.GroupPermissionNamesAsync("Editors")));
        // Its request policy stays its own, approved by its own members: the configuration's "Editors" is the bound group.
        var policy = await TestSite.QueryAsync(db, c => c.AccessPolicies.SingleAsync());
        Assert.Equal((editors, editors), (policy.GroupId, policy.ApproverGroupId));
        // What startup granted, audited with its reason.
        var granted = await TestSite.QueryAsync(db, c => c.AuditEntries
            .Where(e => e.ObjectType == GroupAdministration.ObjectType && e.ObjectId == editors.ToString(CultureInfo.InvariantCulture))
            .OrderBy(e => e.Id).Select(e => new { e.ActorName, e.Channel, e.Action, e.Changes }).ToListAsync());
        Assert.Equal("groups as code: PermissionsAdmin:Groups:Editors", granted[0].ActorName);
        Assert.Equal(AuditAction.Added, granted[0].Action);
        Assert.Equal("startup", granted[^1].Channel);
        Assert.Equal("groups as code: PermissionsAdmin:Groups:Editors", granted[^1].ActorName);
        Assert.Contains("blog.publish_post", granted[^1].Changes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_group_made_before_its_name_was_configured_is_adopted_once_and_then_followed_by_id(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "groups", "create", "moderators", "--perm", "blog.delete_comment");
        var settings = new Dictionary<string, string?> { ["PermissionsAdmin:Groups:Moderators:0"] = "blog.view_post" };

        await RestartAsync(db, settings);

        var moderators = await TestSite.QueryAsync(db, c => c.Roles.SingleAsync(g => g.Name == "moderators"));
        Assert.Equal("MODERATORS", moderators.ConfiguredName);
        Assert.Equal(["blog.delete_comment", "blog.view_post"], await TestSite.QueryAsync(db, c => c.GroupPermissionNamesAsync("moderators")));
    }

    private static async Task RestartAsync(TestDatabase db, Dictionary<string, string?>? settings = null)
    {
        await using var site = TestSite.Build(db, settings);
        await site.StartUpAsync(TestContext.Current.CancellationToken);
    }

    private static async Task InScopeAsync(TestDatabase db, Func<IServiceProvider, Task> body)
    {
        await using var site = TestSite.Build(db);
        await using var scope = site.Services.CreateAsyncScope();
        await body(scope.ServiceProvider);
    }
}
