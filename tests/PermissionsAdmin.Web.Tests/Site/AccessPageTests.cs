using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.ObjectPermissions;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>
/// /account/access, the site's door to access requests: a signed-in user sees what they may ask for (Editors, by the
/// demo configuration: justification required, 7 days at most), asks, withdraws, and reads their notices; a refused
/// form answers 4xx with its error at its field and changes nothing.
/// </summary>
public sealed class AccessPageTests
{
    private const string Path = "/account/access";

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_sign_in()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        var page = await site.NewBrowser().GetAsync(Path);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=%2Faccount%2Faccess", page.Location);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_asks_for_a_group_on_its_terms_and_withdraws_the_request(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("sam");
        await site.AddMemberAsync("Subscribers", "sam");
        var sam = await site.SignedInToSiteAsync("sam");
        var editors = await site.GroupIdAsync("Editors");

        var page = await sam.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("blog.change_post_title", page.Html);
        var form = HtmlForm.Parse(page.Html, Path).Single(f => f.Names.Contains("Form.Justification"));
        // 7 days at most: no 30 days, no "for good".
        Assert.Equal(["1h", "8h", "1d", "7d"], form.Controls.Single(c => c.Name == "Form.Duration").Options);

        var unreadable = await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", $"{editors}"), ("Form.Justification", "Proofreading"), ("Form.Duration", "2 weeks"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.Status);
        Assert.Contains("Choose one of the lengths offered.", unreadable.Html);
        var tooLong = await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", $"{editors}"), ("Form.Justification", "Proofreading"), ("Form.Duration", "30d"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("The group 'Editors' is given for 7d at most.", WebUtility.HtmlDecode(tooLong.Html));
        var unjustified = await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", $"{editors}"), ("Form.Justification", "  "), ("Form.Duration", "1h"));
        Assert.Equal(HttpStatusCode.BadRequest, unjustified.Status);
        Assert.Matches("<span id=\"group-\\d+-justification-error\" class=\"field-validation-error\"[^>]*>Say why you need it.</span>", unjustified.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", "999999"), ("Form.Justification", "x"), ("Form.Duration", "1h"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", "abc"), ("Form.Justification", "x"), ("Form.Duration", "1h"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", "-1"), ("Form.Justification", "x"), ("Form.Duration", "1h"))).Status);
        Assert.Equal(0, await site.QueryAsync(db => db.AccessRequests.CountAsync()));

        var asked = await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", $"{editors}"), ("Form.Justification", "Proofreading the launch posts"), ("Form.Duration", "8h"));
        Assert.Equal(HttpStatusCode.Redirect, asked.Status);
        var after = await sam.FollowAsync(asked);
        Assert.Contains("Your request was sent.", after.Html);
        Assert.Contains("You asked for it; the approvers have not decided yet.", after.Html);
        var request = await site.QueryAsync(db => db.AccessRequests.SingleAsync());
        Assert.Equal((AccessRequestStatus.Pending, TimeSpan.FromHours(8)), (request.Status, request.Duration));

        var again = await sam.PostAsync(form.Action, after.Token, ("Form.GroupId", $"{editors}"), ("Form.Justification", "Again"), ("Form.Duration", "1h"));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("You already have a pending request for the group 'Editors'.", WebUtility.HtmlDecode(again.Html));

        var withdraw = HtmlForm.Parse(after.Html, Path).Single(f => f.Action.EndsWith("/withdraw", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await sam.PostAsync(withdraw.Action, after.Token)).Status);
        Assert.Equal(AccessRequestStatus.Withdrawn, (await site.QueryAsync(db => db.AccessRequests.SingleAsync())).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await sam.PostAsync(withdraw.Action, after.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sam.PostAsync($"{Path}/999999/withdraw", after.Token)).Status);
    }

    [Fact]
    public async Task Someone_elses_request_cannot_be_withdrawn_and_notices_are_marked_read_when_shown()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("sam");
        await site.CreateUserAsync("eve");
        await site.CreateUserAsync("ed");
        await site.AddMemberAsync("Editors", "ed");
        var sam = await site.SignedInToSiteAsync("sam");
        var page = await sam.GetAsync(Path);
        var form = HtmlForm.Parse(page.Html, Path).Single(f => f.Names.Contains("Form.Justification"));
        await sam.PostAsync(form.Action, page.Token, ("Form.GroupId", $"{await site.GroupIdAsync("Editors")}"), ("Form.Justification", "Proofreading"), ("Form.Duration", "1h"));
        var requestId = await site.QueryAsync(db => db.AccessRequests.Select(r => r.Id).SingleAsync());

        var eve = await site.SignedInToSiteAsync("eve");
        var evePage = await eve.GetAsync(Path);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.PostAsync($"{Path}/{requestId}/withdraw", evePage.Token)).Status);
        Assert.Equal(AccessRequestStatus.Pending, (await site.QueryAsync(db => db.AccessRequests.SingleAsync())).Status);

        // The approver was told: the header counts the notice until the access page shows it.
        var ed = await site.SignedInToSiteAsync("ed");
        Assert.Contains("data-unread>1<", (await ed.GetAsync("/")).Html);
        var notices = await ed.GetAsync(Path);
        Assert.Contains("sam asks for the group 'Editors' (1h): Proofreading", WebUtility.HtmlDecode(notices.Html));
        Assert.Contains(">New</span>", notices.Html);
        Assert.DoesNotContain("data-unread", notices.Html);
        Assert.DoesNotContain(">New</span>", (await ed.GetAsync(Path)).Html);
        Assert.Equal(0, await site.InScopeAsync(services => services.GetRequiredService<PermissionsAdmin.Notices.Notifier>().UnreadCountAsync(
            site.FindUserAsync("ed").Result!.Id)));
    }
}
