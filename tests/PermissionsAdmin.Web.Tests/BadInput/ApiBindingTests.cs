using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;

namespace PermissionsAdmin.Web.Tests.BadInput;

/// <summary>
/// A query value or JSON body the API cannot read is a 400 problem naming the field, in Development (where minimal
/// APIs throw on bad input) as in Production, and an out-of-range value is refused rather than clamped.
/// </summary>
public sealed class ApiBindingTests
{
    public static TheoryData<string> Environments => ["Development", "Production"];

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Unreadable_query_values_name_their_parameter(string environment)
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite, environment: environment);
        await site.CreateUserAsync("root", superuser: true);
        var api = await ApiClient.SignedInAsync(site, "root");

        foreach (var (query, field) in new[]
        {
            ("limit=abc", "limit"), ("staff=maybe", "staff"), ("group=x", "group"), ("limit=0", "limit"), ("limit=201", "limit"),
            ("limit=99999999999", "limit"),
        })
        {
            var response = await api.GetAsync($"/api/v1/users?{query}");
            Assert.True(response.Status == HttpStatusCode.BadRequest && response.ErrorsFor(field).Length > 0,
                $"{environment} ?{query}: {response}");
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task A_json_member_of_the_wrong_type_is_named(string environment)
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite, environment: environment);
        var root = await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var api = await ApiClient.SignedInAsync(site, "root");
        var before = await site.SnapshotAsync();

        foreach (var (method, path, json, field) in new[]
        {
            (HttpMethod.Put, $"/api/v1/users/{bob.Id}/groups", """{"groupIds":"x"}""", "groupIds"),
            (HttpMethod.Put, $"/api/v1/users/{bob.Id}/groups", """{"groupIds":["x"]}""", "groupIds"),
            (HttpMethod.Patch, $"/api/v1/users/{bob.Id}", """{"isStaff":"yes"}""", "isStaff"),
            (HttpMethod.Post, "/api/v1/users", """{"userName":7}""", "userName"),
            (HttpMethod.Post, "/api/v1/groups", "{not json", "body"),
        })
        {
            var response = await api.SendRawAsync(method, path, json);
            Assert.True(response.Status == HttpStatusCode.BadRequest && response.ErrorsFor(field).Length > 0,
                $"{environment} {method} {path} {json}: {response}");
        }
        Assert.Equal(before, await site.SnapshotAsync());
        Assert.NotEqual(0, root.Id);
    }
}
