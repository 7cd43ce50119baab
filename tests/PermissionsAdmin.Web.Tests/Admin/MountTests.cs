using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Data.Sqlite;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// The admin exists only where a site mounts it with MapPermissionsAdmin, whatever the order of the Map calls, and at
/// the path the site chose, behind the site's PathBase.
/// </summary>
public sealed partial class MountTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_admin_answers_only_when_mounted(bool mount)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "PermissionsAdmin.Web" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(db.Configure);
        builder.Services.AddPermissionsAdmin<AppDbContext>(builder.Configuration);
        builder.Services.AddControllersWithViews();
        await using var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        if (mount) app.MapPermissionsAdmin(); // after the site's own MapControllers: the admin's actions are added then
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = app.GetTestClient();

        var dashboard = await client.GetAsync("/admin", TestContext.Current.CancellationToken);
        var login = await client.GetAsync("/admin/login", TestContext.Current.CancellationToken);

        if (mount)
        {
            Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
            Assert.Equal("/admin/login?returnUrl=%2Fadmin", dashboard.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        }
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A site that mounts the admin at /manage and the API at /internal/api behind the path base /app: every admin page
    /// a superuser reaches by following links answers, and every link, form, redirect and asset on them stays inside
    /// /app (the admin's inside /app/manage); the API answers there and its Location headers and OpenAPI paths say so;
    /// changes are recorded as made in the admin and the API.
    /// </summary>
    [Fact]
    public async Task The_admin_and_the_api_mounted_elsewhere_behind_a_path_base_link_only_inside_their_mounts()
    {
        await using var db = await SiteDatabaseTemplates.CopyAsync(DatabaseKind.Sqlite);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "PermissionsAdmin.Web" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(db.Configure);
        builder.Services.AddPermissionsAdmin<AppDbContext>(builder.Configuration);
        builder.Services.UseCheapPasswordHashing();
        builder.Services.AddBlogAdmin();
        await using var app = builder.Build();
        app.UsePathBase("/app");
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPermissionsAdmin("/manage");
        app.MapPermissionsApi("/internal/api");
        await app.StartAsync(TestContext.Current.CancellationToken);
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var root = await users.CreateAsync("root", "root@example.com", AdminSite.Password, isStaff: true, isSuperuser: true);
            token = (await scope.ServiceProvider.GetRequiredService<TokenAdministration>().CreateAsync(root.Id, "script", null)).Text;
            var alice = await users.CreateAsync("alice", "alice@example.com", null);
            await scope.ServiceProvider.GetRequiredService<GroupAdministration>().CreateAsync("Reviewers", ["blog.change_post"]);
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            context.Posts.Add(new Post { Title = "Hello", AuthorId = alice.Id });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var browser = new AdminBrowser(app.GetTestClient());

        var anonymous = await browser.GetAsync("/app/manage/users");
        Assert.Equal("/app/manage/login?returnUrl=%2Fapp%2Fmanage%2Fusers", anonymous.Location);
        var signIn = await browser.SubmitAsync(anonymous.Location!, anonymous.Location!, ("UserName", "root"), ("Password", AdminSite.Password));
        Assert.Equal("/app/manage/users", signIn.Location);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/app/manage"]);
        while (queue.TryDequeue(out var path) && seen.Count < 80)
        {
            if (!seen.Add(path)) continue;
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.OK, $"GET {path}: {page}");
            foreach (Match link in LocalUrl().Matches(page.Html))
            {
                var (attribute, url) = (link.Groups["attribute"].Value, WebUtility.HtmlDecode(link.Groups["url"].Value));
                Assert.True(url.StartsWith("/app/", StringComparison.Ordinal), $"{attribute}=\"{url}\" on {path} leaves the path base");
                if (url == "/app/" || url.StartsWith("/app/_content/", StringComparison.Ordinal)) continue; // "View site", assets
                Assert.True(url.StartsWith("/app/manage", StringComparison.Ordinal), $"{attribute}=\"{url}\" on {path} leaves the admin");
                // One visit per page, whatever its query (the lists' sorts and filters would use up the visits).
                if (attribute == "href") queue.Enqueue(url.Split('?', '#')[0]);
            }
        }
        Assert.Contains("/app/manage/users", seen);
        Assert.Contains(seen, path => path.StartsWith("/app/manage/groups/", StringComparison.Ordinal));
        Assert.Contains(seen, path => path.StartsWith("/app/manage/blog/post/", StringComparison.Ordinal));
        Assert.Contains(seen, path => path.StartsWith("/app/manage/objects/blog/post/", StringComparison.Ordinal));

        var add = await browser.SubmitAsync("/app/manage/groups/add", "/app/manage/groups/add", ("Name", "Moderators"), ("next", "continue"));
        Assert.Matches("^/app/manage/groups/[0-9]+$", add.Location);

        var api = app.GetTestClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await api.PostAsJsonAsync("/app/internal/api/groups", new { name = "Auditors" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Matches("^/app/internal/api/groups/[0-9]+$", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(created.Headers.Location, TestContext.Current.CancellationToken)).StatusCode);
        var document = await api.GetStringAsync("/app/internal/api/openapi/permissionsadmin.json", TestContext.Current.CancellationToken);
        Assert.Contains("\"/internal/api/groups/{id}\"", document);
        Assert.DoesNotContain("/api/v1/", document);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/app/internal/api/reference/", TestContext.Current.CancellationToken)).StatusCode);

        string[] made = ["Auditors", "Moderators"];
        var channels = await TestSite.QueryAsync(db, context => context.AuditEntries
            .Where(e => e.ObjectType == GroupAdministration.ObjectType && made.Contains(e.ObjectRepr)).Select(e => e.ObjectRepr + " " + e.Channel).ToListAsync());
        Assert.Equal(["Auditors api", "Moderators admin"], channels.Order(StringComparer.Ordinal));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// An unpublished build outside Development serves the admin's styles and scripts only with static web assets on:
    /// without them the site says so at start, naming the fix; with them it says nothing and serves them.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Missing_admin_assets_in_production_are_reported_at_start(bool staticWebAssets)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "PermissionsAdmin.Web",
            EnvironmentName = "Production",
            ContentRootPath = TestSite.ContentRoot,
        });
        if (staticWebAssets) builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseTestServer();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(db.Configure);
        builder.Services.AddPermissionsAdmin<AppDbContext>(builder.Configuration);
        await using var app = builder.Build();
        app.UseStaticFiles();
        app.UseRouting();
        app.MapPermissionsAdmin();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var warnings = logs.At(LogLevel.Warning).Where(w => w.Contains("_content/PermissionsAdmin/", StringComparison.Ordinal)).ToList();
        var stylesheet = await app.GetTestClient().GetAsync("/_content/PermissionsAdmin/css/admin.css", TestContext.Current.CancellationToken);

        if (staticWebAssets)
        {
            Assert.Empty(warnings);
            Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        }
        else
        {
            Assert.Contains("builder.WebHost.UseStaticWebAssets()", Assert.Single(warnings));
            Assert.Equal(HttpStatusCode.NotFound, stylesheet.StatusCode);
        }
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every local URL a page names: links, forms, buttons' form actions, scripts, styles and choosers' sources.</summary>
    [GeneratedRegex("(?<attribute>href|action|formaction|src|data-choices-url)=\"(?<url>/[^\"]*)\"")]
    private static partial Regex LocalUrl();
}
