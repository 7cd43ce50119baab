using System.Net;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>/api/v1/groups: the admin's group rules through the API — permissions, delegation, ETags, bad input, CSRF.</summary>
public sealed class GroupsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_endpoint_needs_the_group_permission_the_admin_page_needs_and_hides_ids_from_non_holders(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("clerk", staff: true, permissions: ["auth.view_user"]);
        await site.CreateUserAsync("viewer", staff: true, permissions: ["auth.view_group"]);
        await site.CreateUserAsync("changer", staff: true, permissions: ["auth.change_group"]);
        var editors = await site.GroupIdAsync("Editors");
        var ann = await site.CreateUserAsync("ann");
        var before = await site.SnapshotAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient.Anonymous(site).GetAsync("/api/v1/groups")).Status);

        // Without a group permission every endpoint is 403, whether or not the group exists.
        var clerk = await ApiClient.SignedInAsync(site, "clerk");
        foreach (var id in new[] { editors, 987654 })
        {
            var group = $"/api/v1/groups/{id}";
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(group)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PatchAsync(group, new { name = "Renamed" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.DeleteAsync(group)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(group + "/permissions")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync(group + "/permissions", new { permission = "blog.view_post" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(group + "/members")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync(group + "/members", new { userId = ann.Id })).Status);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/v1/groups")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync("/api/v1/groups", new { name = "New" })).Status);

        // auth.view_group opens groups (404 for one that does not exist) but changes nothing; members need change_user too.
        var viewer = await ApiClient.SignedInAsync(site, "viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/groups")).Status);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/groups/{editors}/members")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/groups/987654")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/groups/987654/permissions")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsync($"/api/v1/groups/{editors}", new { name = "Renamed" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync($"/api/v1/groups/{editors}/permissions", new { permissions = Array.Empty<string>() })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/groups/{editors}/members", new { userId = ann.Id })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/groups/{editors}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/v1/groups", new { name = "New" })).Status);
        Assert.Equal(before, await site.SnapshotAsync());

        // auth.change_group opens a group as well, and 404s only once allowed.
        var changer = await ApiClient.SignedInAsync(site, "changer");
        var get = await changer.GetAsync($"/api/v1/groups/{editors}");
        Assert.True(get.Status == HttpStatusCode.OK, get.ToString());
        Assert.Equal("Editors", get.Json.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await changer.PatchAsync("/api/v1/groups/987654", new { name = "Renamed" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await changer.DeleteAsync($"/api/v1/groups/{editors}")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_group_is_created_renamed_and_deleted_and_a_stale_If_Match_is_refused(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var root = await ApiClient.SignedInAsync(site, "root");

        var created = await root.PostAsync("/api/v1/groups", new { name = " Reviewers ", permissions = new[] { "blog.view_post", "blog.add_post" } });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Json.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/groups/{id}", created.Location);
        Assert.Equal("Reviewers", created.Json.GetProperty("name").GetString());
        Assert.Equal(["blog.add_post", "blog.view_post"], Strings(created, "permissions"));
        Assert.Equal(["blog.add_post", "blog.view_post"], await site.QueryAsync(db => db.GroupPermissionNamesAsync("Reviewers")));
        var firstTag = created.ETag!;
        Assert.Equal(firstTag, (await root.GetAsync($"/api/v1/groups/{id}")).ETag);

        var renamed = await root.PatchAsync($"/api/v1/groups/{id}", new { name = "Proofreaders" }, ifMatch: firstTag);
        Assert.True(renamed.Status == HttpStatusCode.OK, renamed.ToString());
        Assert.Equal("Proofreaders", renamed.Json.GetProperty("name").GetString());
        Assert.NotEqual(firstTag, renamed.ETag);

        // Someone else's edit came in between: the old tag is refused and nothing is overwritten.
        var stale = await root.PatchAsync($"/api/v1/groups/{id}", new { name = "Reviewers" }, ifMatch: firstTag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Contains("Someone else changed group 'Proofreaders'", stale.Detail);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await root.DeleteAsync($"/api/v1/groups/{id}", ifMatch: firstTag)).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await root.PutAsync($"/api/v1/groups/{id}/permissions", new { permissions = Array.Empty<string>() }, ifMatch: firstTag)).Status);
        Assert.Equal(["blog.add_post", "blog.view_post"], await site.QueryAsync(db => db.GroupPermissionNamesAsync("Proofreaders")));

        var deleted = await root.DeleteAsync($"/api/v1/groups/{id}", ifMatch: renamed.ETag);
        Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync($"/api/v1/groups/{id}")).Status);
        Assert.False(await site.QueryAsync(db => db.Roles.AnyAsync(r => r.Id == id)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_groups_permissions_are_replaced_granted_and_revoked_by_name_under_its_ETag(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var group = await site.CreateGroupAsync("Reviewers", "blog.view_post");
        var root = await ApiClient.SignedInAsync(site, "root");
        var path = $"/api/v1/groups/{group.Id}/permissions";

        var read = await root.GetAsync(path);
        Assert.Equal(["blog.view_post"], Strings(read, "permissions"));
        var replaced = await root.PutAsync(path, new { permissions = new[] { "blog.add_post", "blog.change_post" } }, ifMatch: read.ETag);
        Assert.True(replaced.Status == HttpStatusCode.OK, replaced.ToString());
        Assert.Equal(["blog.add_post", "blog.change_post"], Strings(replaced, "permissions"));
        var granted = await root.PostAsync(path, new { permission = "blog.view_post" }, ifMatch: replaced.ETag);
        Assert.Equal(["blog.add_post", "blog.change_post", "blog.view_post"], Strings(granted, "permissions"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await root.DeleteAsync(path + "/blog.add_post", ifMatch: replaced.ETag)).Status);
        var revoked = await root.DeleteAsync(path + "/blog.add_post", ifMatch: granted.ETag);
        Assert.Equal(["blog.change_post", "blog.view_post"], Strings(revoked, "permissions"));
        Assert.Equal(["blog.change_post", "blog.view_post"], await site.QueryAsync(db => db.GroupPermissionNamesAsync("Reviewers")));
        Assert.Equal(revoked.ETag, (await root.GetAsync($"/api/v1/groups/{group.Id}")).ETag);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var group = await site.CreateGroupAsync("Reviewers", "blog.view_post");
        var root = await ApiClient.SignedInAsync(site, "root");
        var before = await site.SnapshotAsync();

        async Task Refused(Task<ApiResponse> call, string field, string message)
        {
            var response = await call;
            Assert.True(response.Status == HttpStatusCode.BadRequest && response.IsProblem, response.ToString());
            Assert.Contains(response.ErrorsFor(field), m => m.Contains(message, StringComparison.Ordinal));
        }
        await Refused(root.PostAsync("/api/v1/groups", new { name = "reviewers" }), "name", "A group named 'reviewers' already exists.");
        await Refused(root.PostAsync("/api/v1/groups", new { name = " " }), "name", "Enter a name.");
        await Refused(root.PostAsync("/api/v1/groups", new { name = new string('g', 151) }), "name", "Keep the name to 150 characters or fewer.");
        await Refused(root.PostAsync("/api/v1/groups", new { name = "Other", permissions = new[] { "blog.fly_post" } }), "permissions", "Unknown permission 'blog.fly_post'.");
        await Refused(root.PatchAsync($"/api/v1/groups/{group.Id}", new { name = "" }), "name", "Enter a name.");
        await Refused(root.PostAsync($"/api/v1/groups/{group.Id}/permissions", new { permission = "nonsense" }), "permission", "nonsense");
        await Refused(root.PutAsync($"/api/v1/groups/{group.Id}/permissions", new { }), "permissions", "List the permissions");
        await Refused(root.PostAsync($"/api/v1/groups/{group.Id}/members", new { userId = 987654 }), "userId", "No user with id 987654.");
        await Refused(root.PutAsync($"/api/v1/groups/{group.Id}/members", new { userIds = new[] { 987654 } }), "userIds", "No user with id 987654.");
        await Refused(root.GetAsync("/api/v1/groups?cursor=not-a-cursor"), "cursor", "cursor");
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delegated_admin_cannot_give_a_group_a_permission_they_do_not_hold(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("deputy", staff: true, permissions: ["auth.view_group", "auth.add_group", "auth.change_group", "blog.view_post"]);
        var group = await site.CreateGroupAsync("Readers", "blog.view_post");
        var deputy = await ApiClient.SignedInAsync(site, "deputy");
        var before = await site.SnapshotAsync();

        var created = await deputy.PostAsync("/api/v1/groups", new { name = "Wreckers", permissions = new[] { "blog.delete_post" } });
        Assert.Equal(HttpStatusCode.Forbidden, created.Status);
        Assert.Equal("You cannot grant blog.delete_post: you do not hold it yourself.", created.Detail);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await deputy.PutAsync($"/api/v1/groups/{group.Id}/permissions", new { permissions = new[] { "blog.view_post", "blog.delete_post" } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deputy.PostAsync($"/api/v1/groups/{group.Id}/permissions", new { permission = "blog.delete_post" })).Status);
        Assert.Equal(before, await site.SnapshotAsync());

        // What the deputy holds, they may give.
        var allowed = await deputy.PostAsync("/api/v1/groups", new { name = "Browsers", permissions = new[] { "blog.view_post" } });
        Assert.True(allowed.Status == HttpStatusCode.Created, allowed.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Members_are_listed_by_cursor_added_replaced_and_removed_under_the_users_edit_rules(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("deputy", staff: true, permissions: ["auth.view_group", "auth.change_user", "blog.view_post"]);
        var ann = await site.CreateUserAsync("ann");
        var ben = await site.CreateUserAsync("ben");
        var cat = await site.CreateUserAsync("cat");
        var readers = await site.CreateGroupAsync("Readers", "blog.view_post");
        var editors = await site.GroupIdAsync("Editors");
        var deputyId = (await site.FindUserAsync("deputy"))!.Id;
        var deputy = await ApiClient.SignedInAsync(site, "deputy");
        var members = $"/api/v1/groups/{readers.Id}/members";

        // A group whose permissions the deputy does not all hold, and the deputy's own groups, are refused.
        var refused = await deputy.PostAsync($"/api/v1/groups/{editors}/members", new { userId = ann.Id });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You cannot add members to group 'Editors': you do not hold all of its permissions.", refused.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await deputy.PostAsync(members, new { userId = deputyId })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deputy.PutAsync(members, new { userIds = new[] { ann.Id, deputyId } })).Status);
        Assert.Empty(await site.GroupsOfAsync("ann"));

        Assert.Equal(HttpStatusCode.NoContent, (await deputy.PostAsync(members, new { userId = ann.Id })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await deputy.PutAsync(members, new { userIds = new[] { ben.Id, cat.Id, ann.Id } })).Status);
        var first = await deputy.GetAsync(members + "?limit=2");
        Assert.Equal(["ann", "ben"], Items(first).Select(m => m.GetProperty("userName").GetString()));
        var second = await deputy.GetAsync(members + "?limit=2&cursor=" + first.Json.GetProperty("nextCursor").GetString());
        Assert.Equal(["cat"], Items(second).Select(m => m.GetProperty("userName").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.Json.GetProperty("nextCursor").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await deputy.DeleteAsync($"{members}/{ben.Id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await deputy.PutAsync(members, new { userIds = new[] { cat.Id } })).Status);
        Assert.Empty(await site.GroupsOfAsync("ann"));
        Assert.Empty(await site.GroupsOfAsync("ben"));
        Assert.Equal(["Readers"], await site.GroupsOfAsync("cat"));
        Assert.Equal(HttpStatusCode.NotFound, (await deputy.DeleteAsync($"{members}/987654")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_searches_by_name_and_pages_by_cursor_with_counts(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("viewer", staff: true, permissions: ["auth.view_group"]);
        await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Editors", "ann");
        await site.CreateGroupAsync("Night editors");
        var viewer = await ApiClient.SignedInAsync(site, "viewer");

        var found = await viewer.GetAsync("/api/v1/groups?q=edit");
        Assert.Equal(["Editors", "Night editors"], Items(found).Select(g => g.GetProperty("name").GetString()));
        var editors = Items(found)[0];
        Assert.Equal((1, 5), (editors.GetProperty("members").GetInt32(), editors.GetProperty("permissions").GetInt32()));

        var names = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await viewer.GetAsync("/api/v1/groups?limit=1" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Single(Items(page));
            names.AddRange(Items(page).Select(g => g.GetProperty("name").GetString()));
            cursor = page.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var all = await site.QueryAsync(db => db.Roles.OrderBy(r => r.Id).Select(r => r.Name).ToListAsync());
        Assert.Equal(all, names);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cookie_write_without_the_antiforgery_header_is_refused_and_creates_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var root = await ApiClient.SignedInAsync(site, "root");
        root.OmitAntiforgery = true;

        var response = await root.PostAsync("/api/v1/groups", new { name = "Forged" });

        Assert.True(response.Status == HttpStatusCode.BadRequest && response.IsProblem, response.ToString());
        Assert.Contains("antiforgery", response.Detail);
        Assert.False(await site.QueryAsync(db => db.Roles.AnyAsync(r => r.Name == "Forged")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_made_through_the_API_is_in_the_groups_history_with_the_api_channel_and_the_actor(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var root = await ApiClient.SignedInAsync(site, "root");
        var created = await root.PostAsync("/api/v1/groups", new { name = "Reviewers", permissions = new[] { "blog.view_post" } });
        var id = created.Json.GetProperty("id").GetInt32();
        await root.PatchAsync($"/api/v1/groups/{id}", new { name = "Proofreaders" });

        var history = await root.GetAsync($"/api/v1/audit?objectType=auth.group&objectId={id}");

        Assert.True(history.Status == HttpStatusCode.OK, history.ToString());
        var entries = Items(history);
        Assert.Equal(["Changed", "Added"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("api", e.GetProperty("channel").GetString()));
        Assert.All(entries, e => Assert.Equal("root", e.GetProperty("actor").GetProperty("name").GetString()));
        Assert.Equal("Changed name from “Reviewers” to “Proofreaders”.", entries[0].GetProperty("summary").GetString());
        var name = entries[0].GetProperty("changes").GetProperty("fields").GetProperty("Name");
        Assert.Equal(("Reviewers", "Proofreaders"), (name.GetProperty("from").GetString(), name.GetProperty("to").GetString()));
    }

    internal static List<System.Text.Json.JsonElement> Items(ApiResponse response) =>
        response.Json.GetProperty("items").EnumerateArray().ToList();

    private static List<string?> Strings(ApiResponse response, string property) =>
        response.Json.GetProperty(property).EnumerateArray().Select(e => e.GetString()).ToList();
}
