using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.ObjectPermissions;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>/api/v1/audit: the global log and one object's history, under the admin's history pages' permissions.</summary>
public sealed class AuditApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_log_needs_view_auditentry_and_an_objects_history_what_its_admin_page_needs(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("clerk", staff: true, permissions: ["auth.view_user"]);
        await site.CreateUserAsync("auditor", staff: true, permissions: ["admin.view_auditentry"]);
        await site.CreateUserAsync("chief", staff: true, permissions: ["blog.change_post"]);
        var ann = await site.CreateUserAsync("ann");
        var post = await site.AddPostAsync("Ann's post", ann);
        var editors = await site.GroupIdAsync("Editors");

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient.Anonymous(site).GetAsync("/api/v1/audit")).Status);

        // auth.view_user opens a user's history (404 for one that does not exist), not the log nor a group's history.
        var clerk = await ApiClient.SignedInAsync(site, "clerk");
        var refused = await clerk.GetAsync("/api/v1/audit");
        Assert.True(refused.Status == HttpStatusCode.Forbidden && refused.IsProblem, refused.ToString());
        Assert.Contains("admin.view_auditentry", refused.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/v1/audit?objectType=auth.user")).Status);
        var own = await clerk.GetAsync($"/api/v1/audit?objectType=auth.user&objectId={ann.Id}");
        Assert.True(own.Status == HttpStatusCode.OK, own.ToString());
        Assert.Contains("Set user name to “ann”.", Assert.Single(Entries(own)).GetProperty("summary").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/v1/audit?objectType=auth.user&objectId=987654")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/v1/audit?objectType=auth.group&objectId={editors}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/v1/audit?objectType=auth.group&objectId=987654")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/api/v1/audit?objectType=blog.post&objectId={post}")).Status);

        // Change on posts opens a post's history, as the admin's object page does.
        var chief = await ApiClient.SignedInAsync(site, "chief");
        Assert.Equal(2, Entries(await chief.GetAsync($"/api/v1/audit?objectType=blog.post&objectId={post}")).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await chief.GetAsync("/api/v1/audit?objectType=blog.post&objectId=987654")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await chief.GetAsync("/api/v1/audit")).Status);

        // admin.view_auditentry reads everything, deleted objects' entries included.
        var auditor = await ApiClient.SignedInAsync(site, "auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/v1/audit")).Status);
        Assert.Empty(Entries(await auditor.GetAsync("/api/v1/audit?objectType=auth.user&objectId=987654")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Entries_are_filtered_and_read_structured_and_in_words(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        var root = await ApiClient.SignedInAsync(site, "root");
        var rootId = (await site.FindUserAsync("root"))!.Id;
        var editors = await site.GroupIdAsync("Editors");
        var added = await root.PostAsync($"/api/v1/groups/{editors}/members", new { userId = ann.Id });
        Assert.True(added.Status == HttpStatusCode.NoContent, added.ToString());

        var byRoot = Entries(await root.GetAsync("/api/v1/audit?actor=root"));
        Assert.Equal([("auth.group", "Editors"), ("auth.user", "ann")], byRoot.Select(e => (e.GetProperty("objectType").GetString(), e.GetProperty("objectRepr").GetString())));
        var membership = byRoot[0];
        Assert.Equal((rootId, "root"), (membership.GetProperty("actor").GetProperty("id").GetInt32(), membership.GetProperty("actor").GetProperty("name").GetString()));
        Assert.Equal(("api", "Changed", editors.ToString(CultureInfo.InvariantCulture)),
            (membership.GetProperty("channel").GetString(), membership.GetProperty("action").GetString(), membership.GetProperty("objectId").GetString()));
        Assert.Equal(["ann"], membership.GetProperty("changes").GetProperty("membersAdded").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Added members: ann.", membership.GetProperty("summary").GetString());
        Assert.True(DateTimeOffset.UtcNow - membership.GetProperty("at").GetDateTimeOffset() < TimeSpan.FromMinutes(5));

        Assert.Equal(2, Entries(await root.GetAsync("/api/v1/audit?channel=api")).Count);
        Assert.All(Entries(await root.GetAsync("/api/v1/audit?channel=system&action=Added")),
            e => Assert.Equal(("system", "Added"), (e.GetProperty("channel").GetString(), e.GetProperty("action").GetString())));
        Assert.Equal(2, Entries(await root.GetAsync($"/api/v1/audit?actor=root&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}")).Count);
        Assert.Empty(Entries(await root.GetAsync("/api/v1/audit?until=2000-01-01T00:00:00Z")));
        var badCursor = await root.GetAsync("/api/v1/audit?cursor=%21");
        Assert.Contains(badCursor.ErrorsFor("cursor"), m => m.Contains("cursor", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cursor_walk_with_limit_2_is_stable_while_new_entries_are_added(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("auditor", staff: true, permissions: ["admin.view_auditentry"]);
        await RecordAsync(site, 5, "old");
        var auditor = await ApiClient.SignedInAsync(site, "auditor");
        const string log = "/api/v1/audit?objectType=test.thing&limit=2";

        var seen = new List<string>();
        var page = await auditor.GetAsync(log);
        while (true)
        {
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            seen.AddRange(Entries(page).Select(e => e.GetProperty("objectRepr").GetString()!));
            // Entries added mid-walk come before the cursor: they never shift or repeat what follows.
            await RecordAsync(site, 1, $"new{seen.Count}");
            if (page.Json.GetProperty("nextCursor").GetString() is not { } cursor) break;
            page = await auditor.GetAsync(log + "&cursor=" + cursor);
        }

        Assert.Equal(["old4", "old3", "old2", "old1", "old0"], seen);
        Assert.Equal(["new5", "new4", "new2"], Entries(await auditor.GetAsync(log.Replace("limit=2", "limit=3")))
            .Select(e => e.GetProperty("objectRepr").GetString()));
    }

    /// <summary>Adds <paramref name="count"/> entries about test.thing objects, named prefix0, prefix1… in order.</summary>
    private static Task RecordAsync(AdminSite site, int count, string prefix) => site.InScopeAsync(async services =>
    {
        var audit = services.GetRequiredService<AuditLog>();
        var db = services.GetRequiredService<PermissionsDbContext>();
        for (var i = 0; i < count; i++)
        {
            audit.Record("test.thing", 1, count == 1 ? prefix : $"{prefix}{i}", AuditAction.Changed, new AuditChanges { MembersAdded = ["x"] });
            await db.SaveChangesAsync();
        }
    });

    private static List<JsonElement> Entries(ApiResponse response) => response.Json.GetProperty("items").EnumerateArray().ToList();
}
