using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>The site's startup as Program.cs runs it: migrate, sync the catalogue and the configured groups, serve.</summary>
public sealed class FirstRunTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Startup_on_an_empty_database_creates_the_schema_the_catalogue_and_the_configured_groups(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        await StartUpAsync(db);

        var applied = await TestSite.QueryAsync(db, c => c.Database.GetAppliedMigrationsAsync());
        Assert.Contains(applied, id => id.EndsWith("_Baseline", StringComparison.Ordinal));
        Assert.Empty(await TestSite.QueryAsync(db, c => c.Database.GetPendingMigrationsAsync()));
        Assert.True(await TestSite.QueryAsync(db, c => c.PermissionExistsAsync("blog", "publish_post")));
        Assert.True(await TestSite.QueryAsync(db, c => c.PermissionExistsAsync("auth", "change_user")));

        var configured = ConfiguredGroups();
        Assert.Equal(["Creators", "Editors", "Subscribers"], configured.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(configured.Keys.Order(StringComparer.Ordinal),
            await TestSite.QueryAsync(db, async c => (await c.Roles.Select(g => g.Name!).ToListAsync()).Order(StringComparer.Ordinal).ToList()));
        foreach (var (group, permissions) in configured)
        {
            Assert.Equal(permissions.Order(StringComparer.Ordinal), await TestSite.QueryAsync(db, c => c.GroupPermissionNamesAsync(group)));
        }
        Assert.Contains("blog.publish_post", configured["Editors"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_startup_changes_nothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await StartUpAsync(db);
        var first = await AccountsSnapshot.TakeAsync(db);
        var contentTypes = await TestSite.QueryAsync(db, c => c.ContentTypes.CountAsync());
        var migrations = await TestSite.QueryAsync(db, c => c.Database.GetAppliedMigrationsAsync());

        await StartUpAsync(db);

        Assert.Equal(first, await AccountsSnapshot.TakeAsync(db));
        Assert.Equal(contentTypes, await TestSite.QueryAsync(db, c => c.ContentTypes.CountAsync()));
        Assert.Equal(migrations, await TestSite.QueryAsync(db, c => c.Database.GetAppliedMigrationsAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_configured_group_naming_an_unknown_permission_stops_startup(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var settings = new Dictionary<string, string?> { ["PermissionsAdmin:Groups:Bad:0"] = "blog.nope" };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartUpAsync(db, settings));

        Assert.Contains("Bad", error.Message);
        Assert.Contains("'blog.nope'", error.Message);
        // No configured group at all was applied, the good ones included.
        Assert.False(await TestSite.QueryAsync(db, c => c.Roles.AnyAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_configured_group_matching_an_existing_group_in_another_case_is_completed_not_recreated(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "groups", "create", "moderators", "--perm", "blog.delete_comment");
        var settings = new Dictionary<string, string?> { ["PermissionsAdmin:Groups:Moderators:0"] = "blog.view_post" };

        await StartUpAsync(db, settings);

        Assert.Equal(["blog.delete_comment", "blog.view_post"], await TestSite.QueryAsync(db, c => c.GroupPermissionNamesAsync("moderators")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_home_page_answers_and_shows_published_posts_but_not_drafts(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var site = TestSite.Build(db, configure: builder => builder.WebHost.UseTestServer());
        await site.PrepareDatabaseAsync(TestContext.Current.CancellationToken);
        await site.SyncPermissionsAsync(TestContext.Current.CancellationToken);
        await site.StartAsync(TestContext.Current.CancellationToken);
        using var client = site.GetTestClient();

        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await TestSite.ExecuteAsync(db, context =>
        {
            context.Posts.Add(new Post { Title = "Hello from the blog", IsPublished = true });
            context.Posts.Add(new Post { Title = "Secret draft", IsPublished = false });
            return context.SaveChangesAsync();
        });
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("Hello from the blog", page);
        Assert.DoesNotContain("Secret draft", page);
        await site.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>What Program.cs does before serving.</summary>
    private static async Task StartUpAsync(TestDatabase db, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        await using var site = TestSite.Build(db, settings);
        await site.PrepareDatabaseAsync();
        await site.SyncPermissionsAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>PermissionsAdmin:Groups from the site's appsettings.json, read as plain JSON.</summary>
    private static Dictionary<string, List<string>> ConfiguredGroups()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestSite.ContentRoot, "appsettings.json")));
        return json.RootElement.GetProperty("PermissionsAdmin").GetProperty("Groups").EnumerateObject()
            .ToDictionary(g => g.Name, g => g.Value.EnumerateArray().Select(p => p.GetString()!).ToList());
    }
}
