using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>
/// Memberships and direct grants given through the API with an end (<c>expiresAt</c>): listed with it while they
/// last, gone from every list and from what the user holds once the app's clock passes it; a bad end is a 400 naming
/// <c>expiresAt</c> that changes nothing.
/// </summary>
public sealed class GrantEndsApiTests
{
    // In the future of the machine's clock as well, so that the site's cookies and keys are good at every step.
    private static readonly DateTimeOffset Start = new(2031, 2, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Memberships_and_grants_given_with_an_end_are_listed_with_it_and_gone_once_it_passes(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var editors = await site.GroupIdAsync("Editors");
        var subscribers = await site.GroupIdAsync("Subscribers");
        var creators = await site.GroupIdAsync("Creators");
        var root = await ApiClient.SignedInAsync(site, "root");
        var user = $"/api/v1/users/{bob.Id}";

        var joined = await root.PostAsync($"{user}/groups/{editors}", new { expiresAt = "2031-02-03T10:00:00Z" });
        Assert.True(joined.Status == HttpStatusCode.OK, joined.ToString());
        Assert.Equal(["Editors until 02-03 10:00"], Groups(joined));
        Assert.Equal(HttpStatusCode.OK, (await root.PostAsync($"{user}/groups/{subscribers}")).Status); // no body: for good
        var member = await root.PostAsync($"/api/v1/groups/{creators}/members", new { userId = bob.Id, expiresAt = "2031-02-03T11:00Z" });
        Assert.True(member.Status == HttpStatusCode.NoContent, member.ToString());
        // The offset is the caller's: 12:00 at +02:00 is 10:00 UTC.
        var granted = await root.PostAsync($"{user}/permissions", new { permission = "blog.view_post", expiresAt = "2031-02-03T12:00:00+02:00" });
        Assert.True(granted.Status == HttpStatusCode.OK, granted.ToString());
        await root.PostAsync($"{user}/permissions", new { permission = "blog.add_comment" });

        Assert.Equal(["Creators until 02-03 11:00", "Editors until 02-03 10:00", "Subscribers"], Groups(await root.GetAsync($"{user}/groups")));
        var permissions = await root.GetAsync($"{user}/permissions");
        Assert.Equal(["blog.add_comment", "blog.view_post"], Strings(permissions.Json.GetProperty("permissions")));
        Assert.Equal(["blog.add_comment", "blog.view_post until 02-03 10:00"], Grants(permissions));
        Assert.Equal(["bob until 02-03 11:00"], Members(await root.GetAsync($"/api/v1/groups/{creators}/members")));
        Assert.Contains("blog.publish_post", await EffectiveAsync(root, user)); // through Editors

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(["Creators until 02-03 11:00", "Subscribers"], Groups(await root.GetAsync($"{user}/groups")));
        Assert.Equal(["blog.add_comment"], Grants(await root.GetAsync($"{user}/permissions")));
        Assert.Empty(Members(await root.GetAsync($"/api/v1/groups/{editors}/members")));
        var held = await EffectiveAsync(root, user);
        Assert.DoesNotContain("blog.publish_post", held);
        Assert.DoesNotContain("blog.view_post (direct)", held);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(Members(await root.GetAsync($"/api/v1/groups/{creators}/members")));

        // Given again, an ended membership is held anew; given again without an end, a held grant loses its end.
        var again = await root.PostAsync($"{user}/groups/{editors}", new { expiresAt = "2031-02-04T09:00:00Z" });
        Assert.Equal(["Editors until 02-04 09:00", "Subscribers"], Groups(again));
        await root.PostAsync($"{user}/permissions", new { permission = "blog.add_comment", expiresAt = "2031-02-03T12:00:00Z" });
        Assert.Equal(["blog.add_comment until 02-03 12:00"], Grants(await root.GetAsync($"{user}/permissions")));
        await root.PostAsync($"{user}/permissions", new { permission = "blog.add_comment" });
        Assert.Equal(["blog.add_comment"], Grants(await root.GetAsync($"{user}/permissions")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unreadable_or_past_end_is_a_400_naming_expiresAt_and_changes_nothing(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob", permissions: ["blog.view_post"]);
        await site.AddMemberAsync("Editors", "bob");
        var editors = await site.GroupIdAsync("Editors");
        var subscribers = await site.GroupIdAsync("Subscribers");
        var root = await ApiClient.SignedInAsync(site, "root");
        var user = $"/api/v1/users/{bob.Id}";
        var before = await site.SnapshotAsync();

        const string Unreadable = "Give the end in ISO 8601 with its offset";
        const string Past = "The expiry must be in the future.";
        foreach (var (expiresAt, message) in new (object, string)[]
        {
            ("tomorrow", Unreadable),
            ("2031-02-03T18:00:00", Unreadable), // no offset: the server's time zone would decide
            ("2031-02-30T18:00:00Z", Unreadable),
            ("", Unreadable),
            ("2031-02-03T08:59:59Z", Past),
            ("2031-02-03T09:00:00Z", Past), // now is not in the future
            (7, "expiresAt"), // not even a string
        })
        {
            foreach (var write in new Func<Task<ApiResponse>>[]
            {
                () => root.PostAsync($"{user}/groups/{subscribers}", new { expiresAt }),
                () => root.PostAsync($"{user}/groups/{editors}", new { expiresAt }), // a member already: its end unchanged
                () => root.PostAsync($"{user}/permissions", new { permission = "blog.add_post", expiresAt }),
                () => root.PostAsync($"{user}/permissions", new { permission = "blog.view_post", expiresAt }),
                () => root.PostAsync($"/api/v1/groups/{subscribers}/members", new { userId = bob.Id, expiresAt }),
            })
            {
                var refused = await write();
                Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.IsProblem, $"{expiresAt}: {refused}");
                Assert.True(refused.ErrorsFor("expiresAt").Any(m => m.Contains(message, StringComparison.Ordinal)), $"{expiresAt}: {refused}");
            }
        }
        Assert.Equal(before, await site.SnapshotAsync());
    }

    private static List<string> Groups(ApiResponse response) => Ending(response.Json.GetProperty("groups"), "name");

    private static List<string> Grants(ApiResponse response) => Ending(response.Json.GetProperty("grants"), "permission");

    private static List<string> Members(ApiResponse response) => Ending(response.Json.GetProperty("items"), "userName");

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>Each item as its name and, when it has one, its end in UTC: "Editors until 02-03 10:00".</summary>
    private static List<string> Ending(JsonElement items, string name) => items.EnumerateArray()
        .Select(item => item.GetProperty("expiresAt") is { ValueKind: JsonValueKind.String } end
            ? $"{item.GetProperty(name).GetString()} until {end.GetDateTimeOffset().UtcDateTime:MM-dd HH:mm}"
            : item.GetProperty(name).GetString()!)
        .ToList();

    /// <summary>The permissions the user holds through stored grants, those granted directly marked "(direct)".</summary>
    private static async Task<List<string>> EffectiveAsync(ApiClient client, string user) =>
        (await client.GetAsync($"{user}/effective-permissions")).Json.GetProperty("permissions").EnumerateArray()
            .Select(p => p.GetProperty("permission").GetString() + (p.GetProperty("direct").GetBoolean() ? " (direct)" : "")).ToList();
}
