using Microsoft.Playwright;

namespace PermissionsAdmin.Browser.Tests.Support;

/// <summary>
/// The browser tests run one after another, sharing one Chromium: on a small machine a second browser and site in
/// parallel only make every step slower.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One headless Chromium for the browser tests (each test gets its own browser contexts, so no cookies are shared).
/// Without Chromium the tests are skipped with the reason, or fail when every test is required to run. Also warms the
/// site up once (JIT, EF Core model, MVC), so the first test's steps are not timed against a cold server.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _unavailable = "";

    public async ValueTask InitializeAsync()
    {
        var path = Chromium.Find(out _unavailable);
        if (path is null) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = Chromium.Arguments,
            Timeout = 60_000,
        });
        await WarmUpAsync();
    }

    private static async Task WarmUpAsync()
    {
        await using var site = await LiveSite.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        foreach (var path in new[] { "/", "/account/login", "/admin/login" }) (await http.GetAsync(path)).EnsureSuccessStatusCode();
    }

    /// <summary>The browser; skips the calling test (or fails it, under PERMISSIONSADMIN_REQUIRE_ALL_TESTS) without one.</summary>
    public IBrowser Browser
    {
        get
        {
            if (_browser is not null) return _browser;
            if (Chromium.RequireAll) Assert.Fail($"{_unavailable} ({Chromium.RequireAllVariable} asks for every test to run.)");
            Assert.Skip(_unavailable);
            throw new InvalidOperationException("unreachable");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await LiveSite.DisposeTemplatesAsync(); // every site of the collection is gone
    }
}
