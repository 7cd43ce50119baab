using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>GET /api/v1/me/permissions: what a single-page front-end asks to hide UI like the tag helper does.</summary>
public sealed class MeApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_signed_in_user_sees_their_direct_and_group_permissions(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("reader", permissions: ["blog.view_post"]);
        await site.CreateGroupAsync("Photographers", "blog.add_photo");
        await site.AddMemberAsync("Photographers", "reader");
        var reader = await ApiClient.SignedInAsync(site, "reader");

        var response = await reader.GetAsync("/api/v1/me/permissions");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("reader", response.Json.GetProperty("userName").GetString());
        Assert.False(response.Json.GetProperty("isSuperuser").GetBoolean());
        Assert.Equal(["blog.add_photo", "blog.view_post"], response.Json.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Anonymous_callers_get_a_401_problem(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);

        var response = await ApiClient.Anonymous(site).GetAsync("/api/v1/me/permissions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.True(response.IsProblem, response.ToString());
        Assert.Equal("Bearer", response.WwwAuthenticate);
    }
}
