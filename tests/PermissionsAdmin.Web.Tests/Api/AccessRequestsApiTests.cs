using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;
using PermissionsAdmin.Web.Tests.Tokens;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>
/// Issue #20 through the API: a group made requestable (/groups/{id}/access-policy), asked for by a user who is not
/// staff (/me/access-requests), decided by an approver the policy names (/access-requests). The service's rules hold
/// at this door: the requester never decides, an approver without the group's permissions is refused, a changed group
/// is approved only as seen, a request is decided once; bad input is a 400 naming the field and changes nothing.
/// </summary>
public sealed class AccessRequestsApiTests
{
    // In the future of the machine's clock as well, so that the site's cookies and tokens are good at every step.
    private static readonly DateTimeOffset Start = new(2031, 2, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approved_request_gives_the_group_for_its_duration_to_the_requesters_token(DatabaseKind kind)
    {
        var (site, clock) = await StartAsync(kind);
        await using var _ = site;
        var writers = await site.GroupIdAsync("Writers");
        var root = await ApiClient.SignedInAsync(site, "root");
        var policy = await root.PutAsync($"/api/v1/groups/{writers}/access-policy", new { approverGroup = "Leads", maxDuration = "7d", justificationRequired = true });
        Assert.True(policy.Status == HttpStatusCode.OK, policy.ToString());
        Assert.Equal("7d", (await root.GetAsync($"/api/v1/groups/{writers}/access-policy")).Json.GetProperty("maxDuration").GetString());

        var bob = ApiClient.WithToken(site, await TokenCaller.CreateTokenAsync(site, "bob", "script"));
        var requestable = await bob.GetAsync("/api/v1/me/requestable-groups");
        Assert.True(requestable.Status == HttpStatusCode.OK, requestable.ToString());
        var offered = requestable.Json.EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Writers");
        Assert.Equal("7d", offered.GetProperty("maxDuration").GetString());
        Assert.Equal(["blog.add_post"], Strings(offered.GetProperty("permissions")));

        var created = await bob.PostAsync("/api/v1/me/access-requests", new { groupId = writers, justification = "The launch post.", duration = "8h" });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Json.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/me/access-requests/{id}", created.Location);
        Assert.Equal("pending", (await bob.GetAsync(created.Location!)).Json.GetProperty("status").GetString());

        var ann = await ApiClient.SignedInAsync(site, "ann");
        var pending = Assert.Single((await ann.GetAsync("/api/v1/access-requests")).Json.EnumerateArray());
        Assert.Equal("bob", pending.GetProperty("user").GetProperty("userName").GetString());
        Assert.Equal(["blog.add_post"], Strings(pending.GetProperty("gains")));
        Assert.Equal("8h", pending.GetProperty("duration").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("cannotApprove").ValueKind);
        var approved = await ann.PostAsync($"/api/v1/access-requests/{id}/approve", new { comment = "For the day." });
        Assert.True(approved.Status == HttpStatusCode.NoContent, approved.ToString());

        Assert.Contains("blog.add_post", await HeldAsync(bob));
        var mine = Assert.Single((await bob.GetAsync("/api/v1/me/access-requests")).Json.EnumerateArray());
        Assert.Equal("approved", mine.GetProperty("status").GetString());
        Assert.Equal("ann", mine.GetProperty("decidedBy").GetString());
        Assert.Equal("For the day.", mine.GetProperty("comment").GetString());
        Assert.Equal(Start.AddHours(8), mine.GetProperty("grantedUntil").GetDateTimeOffset());
        Assert.False(mine.GetProperty("ended").GetBoolean());
        Assert.Empty((await ann.GetAsync("/api/v1/access-requests")).Json.EnumerateArray());

        clock.Advance(TimeSpan.FromHours(8));
        Assert.DoesNotContain("blog.add_post", await HeldAsync(bob));
        Assert.True(Assert.Single((await bob.GetAsync("/api/v1/me/access-requests")).Json.EnumerateArray()).GetProperty("ended").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Decisions_are_refused_to_the_requester_to_approvers_without_the_groups_permissions_and_once_decided(DatabaseKind kind)
    {
        var (site, _) = await StartAsync(kind);
        await using var __ = site;
        var writers = await site.GroupIdAsync("Writers");
        var root = await ApiClient.SignedInAsync(site, "root");
        await root.PutAsync($"/api/v1/groups/{writers}/access-policy", new { approverGroup = "Leads" });
        var bob = await ApiClient.SignedInAsync(site, "bob");
        var ann = await ApiClient.SignedInAsync(site, "ann");
        var wes = await ApiClient.SignedInAsync(site, "wes");
        var bobs = await RequestAsync(bob, writers);
        var anns = await RequestAsync(ann, writers);
        var before = await site.SnapshotAsync();

        var own = await ann.PostAsync($"/api/v1/access-requests/{anns}/approve");
        Assert.True(own.Status == HttpStatusCode.Forbidden && own.IsProblem, own.ToString());
        Assert.Equal("Nobody decides their own request.", own.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsync($"/api/v1/access-requests/{anns}/deny")).Status);
        var weak = await wes.PostAsync($"/api/v1/access-requests/{bobs}/approve", new { comment = "sure" });
        Assert.True(weak.Status == HttpStatusCode.Forbidden, weak.ToString());
        Assert.Contains("you do not hold all of its permissions", weak.Detail, StringComparison.Ordinal);
        var seenByWes = (await wes.GetAsync("/api/v1/access-requests")).Json.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == bobs);
        Assert.Contains("you do not hold all of its permissions", seenByWes.GetProperty("cannotApprove").GetString(), StringComparison.Ordinal);
        // Bob is not an approver; someone else's request is not his to withdraw, nor to see.
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync($"/api/v1/access-requests/{anns}/deny")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/me/access-requests/{anns}/withdraw")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/me/access-requests/{anns}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.PostAsync("/api/v1/access-requests/999999/approve")).Status);
        Assert.Equal(before, await site.SnapshotAsync());

        // The group gains a permission: approving bob's request as asked is refused, naming the change, until it is seen.
        Assert.Equal(HttpStatusCode.OK, (await root.PostAsync($"/api/v1/groups/{writers}/permissions", new { permission = "blog.view_post" })).Status);
        var changed = await ann.PostAsync($"/api/v1/access-requests/{bobs}/approve");
        Assert.True(changed.Status == HttpStatusCode.Conflict && changed.IsProblem, changed.ToString());
        Assert.Contains("now adds: blog.view_post", changed.Detail, StringComparison.Ordinal);
        var seen = (await ann.GetAsync("/api/v1/access-requests")).Json.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == bobs);
        Assert.Equal(["blog.view_post"], Strings(seen.GetProperty("addedSinceRequest")));
        var approved = await ann.PostAsync($"/api/v1/access-requests/{bobs}/approve", new { groupPermissions = Strings(seen.GetProperty("groupPermissions")) });
        Assert.True(approved.Status == HttpStatusCode.NoContent, approved.ToString());
        Assert.Contains("Writers", await site.GroupsOfAsync("bob"));

        var again = await ann.PostAsync($"/api/v1/access-requests/{bobs}/deny", new { comment = "Too late." });
        Assert.True(again.Status == HttpStatusCode.Conflict, again.ToString());
        Assert.Equal("This request is already approved.", again.Detail);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostAsync($"/api/v1/me/access-requests/{anns}/withdraw")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await ann.PostAsync($"/api/v1/me/access-requests/{anns}/withdraw")).Status);
        Assert.Equal("withdrawn", (await ann.GetAsync($"/api/v1/me/access-requests/{anns}")).Json.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(DatabaseKind kind)
    {
        var (site, _) = await StartAsync(kind);
        await using var __ = site;
        var writers = await site.GroupIdAsync("Writers");
        var leads = await site.GroupIdAsync("Leads");
        var root = await ApiClient.SignedInAsync(site, "root");
        await root.PutAsync($"/api/v1/groups/{writers}/access-policy", new { approverGroup = "Leads", maxDuration = "7d", justificationRequired = true });
        var bob = await ApiClient.SignedInAsync(site, "bob");
        var ann = await ApiClient.SignedInAsync(site, "ann");
        var pending = await RequestAsync(bob, writers);
        var before = await site.QueryAsync(DatabaseSnapshot.TakeAsync);

        var tooLong = new string('x', 1001);
        foreach (var (client, path, body, field) in new (ApiClient, string, object, string)[]
        {
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = "why", duration = "8 hours" }, "duration"),
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = "why", duration = "8d" }, "duration"), // over 7d
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = "why", duration = (string?)null }, "duration"), // for good: over 7d
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = "why", duration = 8 }, "duration"),
            (bob, "/api/v1/me/access-requests", new { groupId = 999999, justification = "why", duration = "8h" }, "groupId"),
            (bob, "/api/v1/me/access-requests", new { groupId = leads, justification = "why", duration = "8h" }, "groupId"), // not requestable
            (bob, "/api/v1/me/access-requests", new { justification = "why", duration = "8h" }, "groupId"),
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = " ", duration = "8h" }, "justification"),
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = tooLong, duration = "8h" }, "justification"),
            (bob, "/api/v1/me/access-requests", new { groupId = writers, justification = "a\0b", duration = "8h" }, "justification"),
            (ann, $"/api/v1/access-requests/{pending}/approve", new { comment = tooLong }, "comment"),
            (ann, $"/api/v1/access-requests/{pending}/approve", new { comment = "a\0b" }, "comment"),
            (ann, $"/api/v1/access-requests/{pending}/approve", new { groupPermissions = new[] { "blog.nope" } }, "groupPermissions"),
            (ann, $"/api/v1/access-requests/{pending}/approve", new { groupPermissions = "blog.add_post" }, "groupPermissions"),
            (ann, $"/api/v1/access-requests/{pending}/deny", new { comment = tooLong }, "comment"),
        })
        {
            var refused = await client.PostAsync(path, body);
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.ErrorsFor(field).Length > 0, $"{path} {JsonSerializer.Serialize(body)}: {refused}");
        }
        foreach (var (body, field) in new (object, string)[]
        {
            (new { approverGroup = "Leads", maxDuration = "soon" }, "maxDuration"),
            (new { approverGroup = "Nobody" }, "approverGroup"),
            (new { approverPermission = "blog.nope" }, "approverPermission"),
            (new { requestPermission = "blog.nope", approverGroup = "Leads" }, "requestPermission"),
            (new { maxDuration = "7d" }, "approverGroup"), // nobody approves
            (new { approverGroup = "Leads", approvalsNeeded = 0 }, "approvalsNeeded"),
            (new { approverGroup = "Leads", approvalsNeeded = 11 }, "approvalsNeeded"),
            (new { approverGroup = "Leads", justificationRequired = "yes" }, "justificationRequired"),
        })
        {
            var refused = await root.PutAsync($"/api/v1/groups/{writers}/access-policy", body);
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.ErrorsFor(field).Length > 0, $"{JsonSerializer.Serialize(body)}: {refused}");
        }
        foreach (var (path, json) in new[]
        {
            ("/api/v1/me/access-requests", "{\"groupId\": "),
            ($"/api/v1/access-requests/{pending}/approve", "[]"),
            ($"/api/v1/groups/{writers}/access-policy", "{not json"),
        })
        {
            var method = path.EndsWith("access-policy", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
            var client = path.Contains("/me/", StringComparison.Ordinal) ? bob : path.Contains("/groups/", StringComparison.Ordinal) ? root : ann;
            var refused = await client.SendRawAsync(method, path, json);
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.IsProblem, $"{path} {json}: {refused}");
        }
        Assert.Equal(before, await site.QueryAsync(DatabaseSnapshot.TakeAsync));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_policy_is_set_read_and_removed_by_those_who_may_change_the_group(DatabaseKind kind)
    {
        var (site, _) = await StartAsync(kind);
        await using var __ = site;
        var writers = await site.GroupIdAsync("Writers");
        await site.CreateStaffAsync("viewer", "auth.view_group");
        var root = await ApiClient.SignedInAsync(site, "root");
        var viewer = await ApiClient.SignedInAsync(site, "viewer");

        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync($"/api/v1/groups/{writers}/access-policy")).Status);
        var set = await root.PutAsync($"/api/v1/groups/{writers}/access-policy",
            new { approverPermission = "auth.change_group", requestPermission = "blog.view_post", approvalsNeeded = 2 });
        Assert.True(set.Status == HttpStatusCode.OK, set.ToString());
        Assert.Equal(JsonValueKind.Null, set.Json.GetProperty("maxDuration").ValueKind);
        Assert.Equal(2, set.Json.GetProperty("approvalsNeeded").GetInt32());
        var read = await viewer.GetAsync($"/api/v1/groups/{writers}/access-policy");
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        Assert.Equal("blog.view_post", read.Json.GetProperty("requestPermission").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync($"/api/v1/groups/{writers}/access-policy", new { approverGroup = "Leads" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/groups/{writers}/access-policy")).Status);
        // Bob cannot ask for it without blog.view_post.
        Assert.DoesNotContain((await (await ApiClient.SignedInAsync(site, "bob")).GetAsync("/api/v1/me/requestable-groups")).Json.EnumerateArray(),
            g => g.GetProperty("id").GetInt32() == writers);

        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"/api/v1/groups/{writers}/access-policy")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync($"/api/v1/groups/{writers}/access-policy")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync("/api/v1/groups/999999/access-policy")).Status);
    }

    /// <summary>
    /// A site where Writers (blog.add_post) can be made requestable with Leads approving: ann, a lead holding
    /// blog.add_post and blog.view_post; wes, a lead holding neither; bob, who asks. None of them is staff.
    /// </summary>
    private static async Task<(AdminSite Site, SettableClock Clock)> StartAsync(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", staff: true, superuser: true);
        await site.CreateGroupAsync("Writers", "blog.add_post");
        await site.CreateGroupAsync("Leads");
        await site.CreateUserAsync("ann", permissions: ["blog.add_post", "blog.view_post"]);
        await site.CreateUserAsync("wes");
        await site.CreateUserAsync("bob");
        await site.AddMemberAsync("Leads", "ann");
        await site.AddMemberAsync("Leads", "wes");
        return (site, clock);
    }

    private static async Task<int> RequestAsync(ApiClient requester, int groupId)
    {
        var created = await requester.PostAsync("/api/v1/me/access-requests", new { groupId, justification = "For the launch.", duration = "1d" });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Json.GetProperty("id").GetInt32();
    }

    private static async Task<List<string>> HeldAsync(ApiClient client) =>
        Strings((await client.GetAsync("/api/v1/me/permissions")).Json.GetProperty("permissions"));

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
