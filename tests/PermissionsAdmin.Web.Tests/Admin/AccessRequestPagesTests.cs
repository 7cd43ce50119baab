using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.ObjectPermissions;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// /admin/access-requests: an approver sees each request with what it would give and decides it with a comment; one
/// who may not approve (the delegation rule) is told why and refused through the page too; a group changed since the
/// request is approved only as the page showed it; a refused decision changes nothing.
/// </summary>
public sealed class AccessRequestPagesTests
{
    private const string Path = "/admin/access-requests";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approver_without_the_groups_permissions_cannot_approve_and_one_with_them_does(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("sam");
        await site.AddMemberAsync("Subscribers", "sam");
        await site.CreateStaffAsync("clerk", "auth.change_user"); // an approver by the policy, without Editors' permissions
        await site.CreateStaffAsync("ed");
        await site.AddMemberAsync("Editors", "ed");
        await AskAsync(site, "sam", "Editors", "Proofreading", "1d");

        var clerk = await site.SignedInAsync("clerk");
        var seen = await clerk.GetAsync(Path);
        Assert.Contains("sam asks for Editors", seen.Text);
        Assert.Contains("You cannot approve the group 'Editors': you do not hold all of its permissions.", seen.Text);
        Assert.DoesNotContain(">Approve</button>", seen.Html);
        Assert.DoesNotContain("data-access-requests", (await clerk.GetAsync("/admin")).Html); // nothing waits for them
        var form = HtmlForm.Parse(seen.Html, Path).Single(f => f.Action.EndsWith("/approve", StringComparison.Ordinal));
        var refused = await clerk.PostAsync(form.Action, null, [.. form.Fields]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("you do not hold all of its permissions", refused.Errors);
        Assert.Equal(AccessRequestStatus.Pending, (await RequestAsync(site)).Status);

        var ed = await site.SignedInAsync("ed");
        Assert.Contains("1 access request waits for you.", (await ed.GetAsync("/admin")).Text);
        var page = await ed.GetAsync(Path);
        // sam holds blog.view_post already (Subscribers).
        Assert.Matches(@"Would gain\s+blog\.change_post\s+blog\.change_post_title\s+blog\.feature_post\s+blog\.publish_post\s+Comment", page.Text);
        Assert.Contains(">Approve</button>", page.Html);
        form = HtmlForm.Parse(page.Html, Path).Single(f => f.Action.EndsWith("/approve", StringComparison.Ordinal));
        Assert.Equal(5, form.Fields.Count(f => f.Name == "seenPermissions"));

        var tooLong = await ed.PostAsync(form.Action, null, [.. form.Fields.Where(f => f.Name != "comment"), ("comment", new string('c', 1001))]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("Keep it under 1001 characters.", tooLong.Errors);
        Assert.Contains("is-invalid\" id=\"id_comment_", tooLong.Html);
        Assert.Equal(AccessRequestStatus.Pending, (await RequestAsync(site)).Status);

        var approved = await ed.PostAsync(form.Action, null, [.. form.Fields.Where(f => f.Name != "comment"), ("comment", "Welcome aboard")]);
        Assert.Equal(HttpStatusCode.Redirect, approved.Status);
        Assert.Equal("The request of sam for “Editors” was approved.", (await ed.FollowAsync(approved)).Success);
        var request = await RequestAsync(site);
        Assert.Equal((AccessRequestStatus.Approved, "ed", "Welcome aboard"), (request.Status, request.DecidedByName, request.DecisionComment));
        Assert.Equal(["Editors", "Subscribers"], await site.GroupsOfAsync("sam"));

        var again = await ed.PostAsync(form.Action, null, [.. form.Fields]);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("This request is already approved.", again.Errors);
        Assert.Equal(HttpStatusCode.NotFound, (await ed.PostAsync($"{Path}/999999/approve", page.Token)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_group_changed_since_the_request_is_approved_only_as_the_page_shows_it_and_a_denial_decides(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("sam");
        await site.CreateUserAsync("tim");
        var reviewers = await site.CreateGroupAsync("Reviewers", "blog.view_post");
        await site.InScopeAsync(services => services.GetRequiredService<AccessRequestAdministration>()
            .SetPolicyAsync(reviewers.Id, new AccessPolicySettings { ApproverPermission = "auth.change_user" }));
        await AskAsync(site, "sam", "Reviewers", "", "8h");
        await AskAsync(site, "tim", "Reviewers", "", "for good");
        var root = await site.SignedInAsync("root");
        var before = await root.GetAsync(Path);
        await site.InScopeAsync(async services => await services.GetRequiredService<GroupAdministration>().UpdateAsync(reviewers.Id, null, null,
            [await site.PermissionIdAsync("blog.view_post"), await site.PermissionIdAsync("blog.add_comment")]));

        // Approving what the page showed before the change is refused: the approver must see the change first.
        var stale = HtmlForm.Parse(before.Html, Path).First(f => f.Action.EndsWith("/approve", StringComparison.Ordinal));
        var conflict = await root.PostAsync(stale.Action, null, [.. stale.Fields]);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Contains("The group 'Reviewers' changed since the request (now adds: blog.add_comment; no longer: -).", conflict.Errors);

        var page = await root.GetAsync(Path);
        Assert.Contains("Now adds: blog.add_comment", page.Text);
        Assert.Equal(2, page.Html.Split("data-group-changed").Length - 1);
        var forms = HtmlForm.Parse(page.Html, Path).Where(f => f.Action.EndsWith("/approve", StringComparison.Ordinal)).ToList();
        Assert.Equal(HttpStatusCode.Redirect, (await root.PostAsync(forms[0].Action, null, [.. forms[0].Fields])).Status);
        var deny = forms[1].Action.Replace("/approve", "/deny", StringComparison.Ordinal);
        var denied = await root.PostAsync(deny, page.Token, ("comment", "Not this quarter"));
        Assert.Equal("The request of tim for “Reviewers” was denied.", (await root.FollowAsync(denied)).Success);
        var decided = await site.QueryAsync(db => db.AccessRequests.OrderBy(r => r.Id).Select(r => new { r.Status, r.DecisionComment }).ToListAsync());
        Assert.Equal([(AccessRequestStatus.Approved, (string?)null), (AccessRequestStatus.Denied, "Not this quarter")],
            decided.Select(d => (d.Status, d.DecisionComment)));
        Assert.Contains("No access request waits for a decision.", (await root.GetAsync(Path)).Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_group_page_sets_and_clears_a_policy_with_each_refusal_at_its_field(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("keeper", "auth.view_group", "auth.change_group", "blog.view_post");
        var reviewers = await site.CreateGroupAsync("Reviewers", "blog.view_post");
        var keeper = await site.SignedInAsync("keeper");
        var path = $"/admin/groups/{reviewers.Id}";
        var action = $"{path}/access-policy";
        var page = await keeper.GetAsync(path);
        Assert.Contains("id=\"access-policy\"", page.Html);
        Assert.DoesNotContain("data-configured", page.Html);

        async Task<Page> Save(params (string, string?)[] fields) =>
            await keeper.PostAsync(action, page.Token, [("Requestable", "true"), ("Requestable", "false"), ("ApprovalsNeeded", "1"), .. fields]);
        void RefusedAt(Page refused, string field, string message)
        {
            Assert.Equal(HttpStatusCode.OK, refused.Status); // the admin shows a refused form again, as its other forms
            Assert.Contains($"<div class=\"invalid-feedback\" id=\"id_{field}_error\">{message}</div>", WebUtility.HtmlDecode(refused.Html));
        }
        RefusedAt(await Save(("ApproverGroup", "Editors"), ("RequestPermission", "blog.nope")), "RequestPermission", "Unknown permission 'blog.nope'.");
        RefusedAt(await Save(("ApproverGroup", "Editors"), ("MaxDuration", "2 weeks")), "MaxDuration", "Enter a length such as 30m, 8h or 7d, or leave it empty for any.");
        RefusedAt(await Save(), "ApproverGroup", "Name who approves: a group, a permission or both.");
        RefusedAt(await Save(("ApproverGroup", "Nobody")), "ApproverGroup", "No group named 'Nobody'.");
        RefusedAt(await keeper.PostAsync(action, page.Token, ("Requestable", "true"), ("ApproverGroup", "Editors"), ("ApprovalsNeeded", "11")),
            "ApprovalsNeeded", "Enter a number from 1 to 10.");
        Assert.Null(await site.InScopeAsync(services => services.GetRequiredService<AccessRequestAdministration>().GetPolicyAsync(reviewers.Id)));

        var saved = await Save(("ApproverGroup", "Editors"), ("MaxDuration", "8h"), ("JustificationRequired", "true"), ("JustificationRequired", "false"));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("The group “Reviewers” may be requested on the terms saved.", (await keeper.FollowAsync(saved)).Success);
        var policy = await site.InScopeAsync(services => services.GetRequiredService<AccessRequestAdministration>().GetPolicyAsync(reviewers.Id));
        Assert.Equal(("Editors", TimeSpan.FromHours(8), true, false), (policy!.ApproverGroup!.Name, policy.MaxDuration, policy.JustificationRequired, policy.Configured));
        Assert.Equal("8h", (await keeper.GetAsync(path)).InputValue("MaxDuration"));

        var cleared = await keeper.PostAsync(action, page.Token, ("Requestable", "false"), ("ApproverGroup", "Editors"));
        Assert.Equal("The group “Reviewers” may not be requested.", (await keeper.FollowAsync(cleared)).Success);
        Assert.Null(await site.InScopeAsync(services => services.GetRequiredService<AccessRequestAdministration>().GetPolicyAsync(reviewers.Id)));

        // Editors' policy comes from the configuration: noted as such, and only a superuser's to change.
        await site.CreateStaffAsync("chief", "auth.view_group", "auth.change_group", "blog.view_post", "blog.change_post", "blog.change_post_title",
            "blog.publish_post", "blog.feature_post");
        var chief = await site.SignedInAsync("chief");
        var editorsId = await site.GroupIdAsync("Editors");
        var editors = $"/admin/groups/{editorsId}";
        var configured = await chief.GetAsync(editors);
        Assert.Contains("data-configured", configured.Html);
        Assert.Equal("7d", configured.InputValue("MaxDuration"));
        var refused = await chief.PostAsync($"{editors}/access-policy", configured.Token, ("Requestable", "true"), ("ApproverGroup", "Editors"), ("ApprovalsNeeded", "2"));
        Assert.Contains("superuser", refused.Errors);
        Assert.Equal(1, (await site.InScopeAsync(services => services.GetRequiredService<AccessRequestAdministration>().GetPolicyAsync(editorsId)))!.ApprovalsNeeded);
    }

    [Fact]
    public async Task Only_staff_reach_the_page()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("sam");
        var sam = await site.SignedInToSiteAsync("sam");
        var page = await sam.GetAsync(Path);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/admin/login", page.Location);
    }

    /// <summary>Asks for the group through the site's access page, signed in as <paramref name="user"/>.</summary>
    internal static async Task AskAsync(AdminSite site, string user, string group, string justification, string duration)
    {
        var browser = await site.SignedInToSiteAsync(user);
        var page = await browser.GetAsync("/account/access");
        var asked = await browser.PostAsync("/account/access/request", page.Token,
            ("Form.GroupId", $"{await site.GroupIdAsync(group)}"), ("Form.Justification", justification), ("Form.Duration", duration == "for good" ? "forever" : duration));
        Assert.True(asked.Status == HttpStatusCode.Redirect, $"{user} could not ask for {group}: {asked}");
    }

    private static Task<AccessRequest> RequestAsync(AdminSite site) => site.QueryAsync(db => db.AccessRequests.AsNoTracking().SingleAsync());
}
