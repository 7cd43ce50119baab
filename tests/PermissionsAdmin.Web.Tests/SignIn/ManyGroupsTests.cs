using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.SignIn;

/// <summary>
/// A user in 1,000 groups signs in, browses and administers like anyone else: groups are not role claims in the
/// cookie, so neither its size nor sign-in's queries grow with them, and role checks answer from the cache.
/// </summary>
public sealed class ManyGroupsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_in_a_thousand_groups_signs_in_with_a_small_cookie_and_constant_queries(DatabaseKind kind)
    {
        var queries = new QueryCounter();
        await using var site = await AdminSite.StartAsync(kind, builder =>
        {
            builder.CountQueries(queries);
            builder.Services.AddControllers().AddApplicationPart(typeof(RoleCheckController).Assembly);
        });
        await site.CreateUserAsync("single", staff: true, permissions: ["auth.view_user"]);
        await site.CreateUserAsync("crowd", staff: true, permissions: ["auth.view_user"]);
        await site.CreateGroupAsync("Viewers", "blog.view_photo");
        await site.AddMemberAsync("Viewers", "single");
        await site.AddMemberAsync("Viewers", "crowd");
        await JoinGroupsAsync(site, "crowd", 1000);

        var (single, singleQueries, singleCookie) = await SignInAsync(site, queries, "single");
        var (crowd, crowdQueries, crowdCookie) = await SignInAsync(site, queries, "crowd");

        Assert.Equal(singleQueries, crowdQueries);
        Assert.True(crowdCookie <= singleCookie + 16, $"Cookie of {crowdCookie} bytes with 1,001 groups, {singleCookie} with one.");
        Assert.True(crowdCookie < 2048, $"Cookie of {crowdCookie} bytes.");
        Assert.Equal(HttpStatusCode.OK, (await crowd.GetAsync("/photos")).Status);
        Assert.Equal(HttpStatusCode.OK, (await crowd.GetAsync("/admin/users")).Status);
        Assert.Equal(HttpStatusCode.OK, (await crowd.GetAsync("/role-check/Group 0999")).Status);
        Assert.Equal(HttpStatusCode.OK, (await crowd.GetAsync("/role-check/Viewers")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await crowd.GetAsync("/role-check/Nobody")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await single.GetAsync("/role-check/Group 0999")).Status);

        // Role checks follow membership changes at once, as permission checks do.
        await site.AddMemberAsync("Group 0999", "single");
        Assert.Equal(HttpStatusCode.OK, (await single.GetAsync("/role-check/Group 0999")).Status);
    }

    private static async Task<(AdminBrowser Browser, long Queries, int CookieBytes)> SignInAsync(AdminSite site, QueryCounter queries, string userName)
    {
        var browser = site.NewBrowser();
        var form = await browser.GetAsync("/account/login");
        var before = queries.Commands;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent([new("UserNameOrEmail", userName), new("Password", AdminSite.Password), new("__RequestVerificationToken", form.Token)]),
        };
        using var client = site.App.GetTestClient();
        using var response = await browser.SendRawAsync(request, client);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal)).Sum(c => c.Length);
        return (browser, queries.Commands - before, cookie);
    }

    /// <summary>Puts the user in <paramref name="count"/> new groups in one save, as a bulk import would.</summary>
    private static Task JoinGroupsAsync(AdminSite site, string userName, int count) => site.QueryAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var groups = Enumerable.Range(0, count).Select(i => new PermissionsGroup($"Group {i:D4}") { NormalizedName = $"GROUP {i:D4}" }).ToList();
        db.Roles.AddRange(groups);
        await db.SaveChangesAsync();
        db.UserRoles.AddRange(groups.Select(g => new PermissionsAdmin.Model.GroupMembership { UserId = user.Id, RoleId = g.Id }));
        return await db.SaveChangesAsync();
    });
}

/// <summary>A page behind an ASP.NET Core role check, the way an application would write one.</summary>
[Route("role-check")]
public sealed class RoleCheckController(IAuthorizationService authorization) : Controller
{
    [HttpGet("{group}")]
    [Authorize]
    public async Task<IActionResult> Check(string group)
    {
        if (!User.IsInRole(group)) return Forbid();
        var policy = new AuthorizationPolicyBuilder().RequireRole(group).Build();
        return (await authorization.AuthorizeAsync(User, policy)).Succeeded ? Ok() : Forbid();
    }
}
