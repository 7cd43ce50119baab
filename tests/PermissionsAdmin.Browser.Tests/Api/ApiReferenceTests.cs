using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Api;

/// <summary>/api/v1/reference in a real browser: the page draws the OpenAPI document with the library's own script.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    [Fact]
    public async Task Anyone_reads_the_operations_their_shapes_and_how_to_authenticate()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/api/v1/reference");
        await Expect(page.Locator("#api-title")).ToHaveTextAsync("PermissionsAdmin API");
        await AssertStylesLoadedAsync(page, "/_content/PermissionsAdmin/lib/bootstrap/css/bootstrap.min.css");

        var listUsers = page.Locator("#op-ListUsers");
        await Expect(listUsers.Locator("h3")).ToHaveTextAsync("GET /api/v1/users");
        await Expect(listUsers.Locator(".api-shape").First).ToContainTextAsync("\"userName\": string");
        await Expect(listUsers.Locator(".api-responses")).ToContainTextAsync("401");
        await Expect(page.Locator("#op-UpdateUser")).ToContainTextAsync("If-Match");
        await Expect(page.Locator("#api-schemes")).ToContainTextAsync("Authorization: Bearer pat_");
        await Expect(page.Locator("#api-nav")).ToContainTextAsync("GET /users");
        await ScreenshotAsync(page, "api-reference");

        // Problem details are named, and the name leads to their shape.
        await listUsers.GetByRole(AriaRole.Link, new() { Name = "ProblemDetails", Exact = true }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/api/v1/reference#schema-ProblemDetails");
        await Expect(page.Locator("#schema-ProblemDetails")).ToContainTextAsync("\"detail\"?: string | null");
        AssertPagesHealthy();
    }
}
