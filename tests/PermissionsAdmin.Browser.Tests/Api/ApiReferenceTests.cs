using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Api;

/// <summary>
/// /api/v1/reference in a real browser: Scalar's page, served by the site itself, draws /api/v1/openapi/permissionsadmin.json under the
/// site's Content-Security-Policy, asks nothing of any other origin, and its "Test Request" calls the API with a token.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    [Fact]
    public async Task Anyone_reads_every_operation_with_nothing_loaded_from_elsewhere()
    {
        var operations = await DocumentedOperationsAsync();
        var page = await NewPageAsync();
        var requests = RecordRequests(page);
        var consoleErrors = RecordConsoleErrors(page);

        await OpenReferenceAsync(page);
        // Scalar's page loads its files relative to the trailing slash.
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/api/v1/reference/");
        await Expect(page).ToHaveTitleAsync("API reference | PermissionsAdmin");
        await Expect(page.GetByPlaceholder("Token")).ToBeVisibleAsync(); // the bearer token is offered as the way in

        // The sidebar lists every operation of the document, by method and path.
        var sidebar = Sidebar(page);
        foreach (var (method, path) in operations)
        {
            await Expect(sidebar.Locator($"a[href$='/{method}{path}']")).ToHaveCountAsync(1);
        }
        await ScreenshotAsync(page, "api-reference");

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        AssertAllFromTheSite(requests);
        Assert.Empty(consoleErrors);
        AssertPagesHealthy();
    }

    [Fact]
    public async Task Test_request_with_a_token_calls_the_api_on_the_site()
    {
        var admin = await Site.CreateStaffAsync("admin", superuser: true);
        var token = await Site.CreateTokenAsync(admin, "reference");
        var page = await NewPageAsync();
        var requests = RecordRequests(page);
        var consoleErrors = RecordConsoleErrors(page);

        await OpenReferenceAsync(page);
        await page.GetByPlaceholder("Token").First.FillAsync(token);
        await Sidebar(page).Locator("a[href$='/GET/api/v1/users']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/v1/users)" }).ClickAsync();

        // Nothing offers to hand the document to Scalar's online client.
        await Expect(page.GetByText("Open API Client")).ToHaveCountAsync(0);
        // The address bar has a Send button for wide and one for narrow dialogs: the one shown.
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send get request to" }).Filter(new() { Visible = true });
        var response = await page.RunAndWaitForResponseAsync(() => send.ClickAsync(), r => r.Url.StartsWith(Site.BaseUrl + "/api/v1/users", StringComparison.Ordinal));
        Assert.Equal(200, response.Status);
        Assert.Equal("Bearer " + token, await response.Request.HeaderValueAsync("authorization"));
        await Expect(page.GetByText("200 OK").First).ToBeVisibleAsync();
        await Expect(page.GetByText("\"userName\": \"admin\"").First).ToBeVisibleAsync();

        AssertAllFromTheSite(requests);
        Assert.Empty(consoleErrors);
        AssertPagesHealthy();
    }

    /// <summary>
    /// Opens the reference and waits until Scalar has drawn it. Its script is several megabytes: on a busy two-core
    /// machine (CI runs the site tests beside these) parsing it has taken longer than a page's usual 15 s.
    /// </summary>
    private static async Task OpenReferenceAsync(IPage page)
    {
        await page.GotoAsync("/api/v1/reference", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "PermissionsAdmin API", Level = 1 }))
            .ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    private static ILocator Sidebar(IPage page) =>
        page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar for PermissionsAdmin API" });

    /// <summary>Every operation in /api/v1/openapi/permissionsadmin.json as (METHOD, path), read by the test rather than by the page.</summary>
    private async Task<List<(string Method, string Path)>> DocumentedOperationsAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Site.BaseUrl) };
        using var document = JsonDocument.Parse(await http.GetStringAsync("/api/v1/openapi/permissionsadmin.json", TestContext.Current.CancellationToken));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch")
                .Select(o => (o.Name.ToUpperInvariant(), path.Name)))
            .ToList();
        Assert.Contains(("GET", "/api/v1/users"), operations);
        return operations;
    }

    /// <summary>Every request of the page's browser context, whatever asked for it (page, script, style, worker).</summary>
    private static ConcurrentQueue<string> RecordRequests(IPage page)
    {
        var urls = new ConcurrentQueue<string>();
        page.Context.Request += (_, request) => urls.Enqueue(request.Url);
        return urls;
    }

    private static ConcurrentQueue<string> RecordConsoleErrors(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") errors.Enqueue(message.Text);
        };
        return errors;
    }

    /// <summary>No request left the machine: each went to the site's own origin (127.0.0.1 or localhost).</summary>
    private void AssertAllFromTheSite(ConcurrentQueue<string> requests)
    {
        Assert.NotEmpty(requests);
        var site = new Uri(Site.BaseUrl);
        var elsewhere = requests.Where(url =>
        {
            var uri = new Uri(url);
            return uri.Scheme is not ("http" or "https") || uri.Host is not ("127.0.0.1" or "localhost") || uri.Port != site.Port;
        }).ToList();
        Assert.True(elsewhere.Count == 0, "Requests that left the site:\n" + string.Join("\n", elsewhere));
    }
}
