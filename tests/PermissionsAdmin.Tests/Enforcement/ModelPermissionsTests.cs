using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>[ModelPermissions(typeof(Product))] on an API controller: the HTTP method picks the permission.</summary>
public class ModelPermissionsTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static readonly (HttpMethod Method, string Path)[] Requests =
    [
        (HttpMethod.Get, "/api/products"),
        (HttpMethod.Post, "/api/products"),
        (HttpMethod.Put, "/api/products/7"),
        (HttpMethod.Patch, "/api/products/7"),
        (HttpMethod.Delete, "/api/products/7"),
    ];

    [Theory, MemberData(nameof(Providers))]
    public async Task Each_verb_is_allowed_with_exactly_its_permission_and_denied_without_it(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        // Each user holds one product permission (plus an unrelated one, so "holds something" is not enough);
        // "nobody" is signed in and holds nothing: reads are not free.
        var users = new[] { "view", "add", "change", "delete" };
        foreach (var action in users) await host.CreateUserAsync(action, $"shop.{action}_product", "billing.view_invoice");
        await host.CreateUserAsync("nobody");
        var browsers = new List<(string Name, SiteBrowser Browser)>();
        foreach (var name in users.Append("nobody")) browsers.Add((name, await host.SignedInBrowserAsync(name)));

        var actual = new List<string>();
        foreach (var (method, path) in Requests)
        {
            foreach (var (name, browser) in browsers)
            {
                actual.Add($"{method} by {name}: {await (await browser.SendAsync(method, path)).DescribeAsync()}");
            }
        }

        Assert.Equal(
        [
            "GET by view: 200 GET",
            "GET by add: 403",
            "GET by change: 403",
            "GET by delete: 403",
            "GET by nobody: 403",
            "POST by view: 403",
            "POST by add: 200 POST",
            "POST by change: 403",
            "POST by delete: 403",
            "POST by nobody: 403",
            "PUT by view: 403",
            "PUT by add: 403",
            "PUT by change: 200 PUT 7",
            "PUT by delete: 403",
            "PUT by nobody: 403",
            "PATCH by view: 403",
            "PATCH by add: 403",
            "PATCH by change: 200 PATCH 7",
            "PATCH by delete: 403",
            "PATCH by nobody: 403",
            "DELETE by view: 403",
            "DELETE by add: 403",
            "DELETE by change: 403",
            "DELETE by delete: 200 DELETE 7",
            "DELETE by nobody: 403",
        ], actual);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_anonymous_caller_gets_401_for_every_verb(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var visitor = host.NewBrowser();

        var actual = new List<string>();
        foreach (var (method, path) in Requests) actual.Add($"{method}: {await (await visitor.SendAsync(method, path)).DescribeAsync()}");

        Assert.Equal(["GET: 401", "POST: 401", "PUT: 401", "PATCH: 401", "DELETE: 401"], actual);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_superuser_may_use_every_verb(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateSuperuserAsync("root");
        var root = await host.SignedInBrowserAsync("root");

        var actual = new List<string>();
        foreach (var (method, path) in Requests) actual.Add(await (await root.SendAsync(method, path)).DescribeAsync());

        Assert.Equal(["200 GET", "200 POST", "200 PUT 7", "200 PATCH 7", "200 DELETE 7"], actual);
    }
}
