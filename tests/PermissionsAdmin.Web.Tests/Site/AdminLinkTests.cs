using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>The site's header links to the admin for the users it admits (Django's "View site" the other way round).</summary>
public sealed class AdminLinkTests
{
    private const string AdminLink = "<a class=\"nav-link\" id=\"nav-admin\" href=\"/admin\">Admin</a>";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Active_staff_users_see_a_link_to_the_admin_and_no_one_else_does(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("staffer");
        await site.CreateUserAsync("member");

        Assert.Contains(AdminLink, (await (await site.SignedInAsync("staffer")).GetAsync("/")).Html);
        var member = site.NewBrowser();
        var signIn = await member.SubmitAsync("/account/login", "/account/login", ("UserNameOrEmail", "member"), ("Password", AdminSite.Password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.Status);
        var home = await member.GetAsync("/");
        Assert.Contains("Signed in as <strong>member</strong>", home.Html);
        Assert.DoesNotContain("nav-admin", home.Html);
        Assert.DoesNotContain("nav-admin", (await site.NewBrowser().GetAsync("/")).Html);

        // Deactivated while signed in: the link goes with the right to enter.
        var staffer = await site.SignedInAsync("staffer");
        var user = (await site.FindUserAsync("staffer"))!;
        await site.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(user, false));
        Assert.DoesNotContain("nav-admin", (await staffer.GetAsync("/")).Html);
    }
}
