using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using PermissionsAdmin.Testing;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Support;

/// <summary>
/// The base of the browser tests: a fresh site per test (<see cref="LiveSite"/>), pages in fresh browser contexts of
/// the shared Chromium (<see cref="BrowserFixture"/>; subclasses join <see cref="BrowserCollection"/>), sign-in
/// through the site's forms, screenshots for the docs, and, when a test fails, a screenshot of each open page with
/// the browser's and the site's complaints under TestResults/browser-failures/.
/// </summary>
public abstract class BrowserTest(BrowserFixture browsers) : IAsyncLifetime
{
    /// <summary>Set to 1 to (re)write docs/screenshots/*.png; off by default so ordinary runs leave the committed files alone.</summary>
    public const string ScreenshotsVariable = "PERMISSIONSADMIN_SCREENSHOTS";

    public const int ViewportWidth = 1280;
    public const int ViewportHeight = 800;

    /// <summary>A phone's viewport, the guide's other width.</summary>
    public const int PhoneWidth = 390;
    public const int PhoneHeight = 844;

    private readonly List<IPage> _pages = [];
    private readonly ConcurrentQueue<string> _problems = new();
    private LiveSite? _site;

    static BrowserTest() => SetDefaultExpectTimeout(10_000);

    protected LiveSite Site => _site ?? throw new InvalidOperationException("The site is not started.");

    public virtual async ValueTask InitializeAsync()
    {
        _ = browsers.Browser; // skips (or fails) the test before anything starts when there is no Chromium
        _site = await LiveSite.StartAsync(MovesTime ? new SettableClock(DateTimeOffset.UtcNow) : null);
        await ArrangeAsync();
    }

    /// <summary>True for a class whose tests move the site's clock on (<see cref="LiveSite.Clock"/>).</summary>
    protected virtual bool MovesTime => false;

    /// <summary>Accounts and content every test of the class needs, made through the services.</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    /// <summary>A page in a new browser context (its own cookies): a separate visitor.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await browsers.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.BaseUrl,
            ViewportSize = new ViewportSize { Width = ViewportWidth, Height = ViewportHeight },
            Locale = "en-US",
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _problems.Enqueue($"script error on {page.Url}: {error}");
        // Chromium reports what the Content-Security-Policy blocked (an inline script or style, a foreign source) as a console error.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _problems.Enqueue($"CSP violation on {page.Url}: {message.Text}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // A request cut short because the page navigated on (a form sent while a script was loading) is no fault.
            if (request.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) != true)
            {
                _problems.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
            }
        };
        page.Response += (_, response) =>
        {
            // Pages may answer 403 or 404 on purpose; what they load (styles, scripts, images) may not.
            if (response.Status >= 400 && response.Request.ResourceType != "document")
            {
                _problems.Enqueue($"{response.Status} for {response.Request.ResourceType} {response.Url}");
            }
        };
        _pages.Add(page);
        return page;
    }

    /// <summary>Opens the site's sign-in page and signs in.</summary>
    protected static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        await SubmitSignInAsync(page, userName);
        await Expect(page.Locator("#nav-user")).ToContainTextAsync(userName);
    }

    /// <summary>Fills the sign-in form on the current page with the test password and submits it.</summary>
    protected static async Task SubmitSignInAsync(IPage page, string userName)
    {
        await page.Locator("#UserNameOrEmail").FillAsync(userName);
        await page.Locator("#Password").FillAsync(LiveSite.Password);
        await page.Locator("#login").ClickAsync();
    }

    /// <summary>Signs in at /admin/login (user name and password, then the Log in button).</summary>
    protected static async Task AdminSignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/admin/login");
        await page.Locator("#id_UserName").FillAsync(userName);
        await page.Locator("#id_Password").FillAsync(LiveSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.Locator(".admin-user")).ToContainTextAsync(userName);
    }

    /// <summary>
    /// The page's stylesheets arrived and apply: a Bootstrap sheet (and any other linked sheet) has rules, and Bootstrap's
    /// reboot took the body's default margin away.
    /// </summary>
    protected static async Task AssertStylesLoadedAsync(IPage page, string expectedSheet)
    {
        var sheets = await page.EvaluateAsync<StyleSheetInfo[]>(
            "() => Array.from(document.styleSheets).map(s => { let rules = -1; try { rules = s.cssRules.length; } catch (e) { } return { href: s.href || '', rules: rules }; })");
        Assert.Contains(sheets, s => s.Href.Contains(expectedSheet, StringComparison.Ordinal) && s.Rules > 100);
        Assert.All(sheets, s => Assert.True(s.Rules > 0, $"The stylesheet {s.Href} is empty or did not load."));
        Assert.Equal("0px", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).marginTop"));
    }

    /// <summary>No script error, no CSP violation and no failed style, script or image on any page of the test so far.</summary>
    protected void AssertPagesHealthy() =>
        Assert.True(_problems.IsEmpty, "The browser saw problems:\n" + string.Join("\n", _problems));

    /// <summary>
    /// With PERMISSIONSADMIN_SCREENSHOTS=1, saves what the page shows in its viewport (1280x800, or a phone's in
    /// <see cref="AssertFitsAPhoneAsync"/>), or with <paramref name="fullPage"/> the whole page at that width, as
    /// docs/screenshots/NAME.png.
    /// </summary>
    protected static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) != "1") return;
        var folder = Path.Combine(LiveSite.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Mouse.MoveAsync(0, 0); // no hover effect on the last button clicked
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, name + ".png"),
            FullPage = fullPage,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
        });
    }

    /// <summary>axe-core, as Deque.AxeCore.Commons bundles it.</summary>
    private static readonly string AxeScript = new BundledAxeScriptProvider().GetScript();

    /// <summary>What axe finds serious or critical on the page, one line each, labelled with <paramref name="where"/>.</summary>
    protected static async Task<IEnumerable<string>> SeriousViolationsAsync(IPage page, string where)
    {
        // Axe is loaded once a document and run over the whole of it (page-level rules included), only violations
        // collected. Deque.AxeCore.Playwright's runner sent axe's 600 KB script again on every call: 530–1,160 ms a
        // call here, of which axe's run took 73–220 ms.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(AxeScript);
        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        return violations.Select(v => $"{where}: {v}").ToList();
    }

    /// <summary>
    /// A row's button by its label ("Edit", "Delete"), whose accessible name goes on with the row's title: not the
    /// title's own link, whose name may contain the word ("A draft waiting for an editor").
    /// </summary>
    protected static Regex RowButton(string label) => new($"^{Regex.Escape(label)}\\b");

    /// <summary>
    /// At a phone's width (<see cref="PhoneWidth"/>) the page does not scroll sideways (a wide table scrolls inside its
    /// own box), is saved whole as <paramref name="screenshot"/> if named, and <paramref name="more"/> holds; then back
    /// to the desktop width.
    /// </summary>
    protected static async Task AssertFitsAPhoneAsync(IPage page, string? screenshot = null, Func<Task>? more = null)
    {
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        try
        {
            if (screenshot is not null) await ScreenshotAsync(page, screenshot, fullPage: true);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            Assert.True(widths[0] <= widths[1] && widths[1] <= PhoneWidth, $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
            if (more is not null) await more();
        }
        finally
        {
            await page.SetViewportSizeAsync(ViewportWidth, ViewportHeight);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        try
        {
            if (TestContext.Current.TestState?.Result == TestResult.Failed) await SaveFailureEvidenceAsync();
        }
        finally
        {
            foreach (var page in _pages) await page.Context.CloseAsync();
            if (_site is not null) await _site.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task SaveFailureEvidenceAsync()
    {
        var folder = Path.Combine(LiveSite.RepositoryRoot, "TestResults", "browser-failures");
        Directory.CreateDirectory(folder);
        var test = TestContext.Current.Test?.TestDisplayName ?? GetType().Name;
        var stem = string.Concat(test.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
        var report = new StringBuilder();
        for (var i = 0; i < _pages.Count; i++)
        {
            var path = Path.Combine(folder, $"{stem}-{i + 1}.png");
            report.AppendLine(CultureInfo.InvariantCulture, $"page {i + 1}: {_pages[i].Url} -> {path}");
            try
            {
                await _pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  (no screenshot: {e.Message})");
            }
        }
        foreach (var problem in _problems) report.AppendLine("browser: " + problem);
        foreach (var entry in _site?.Problems ?? []) report.AppendLine("site: " + entry);
        await File.WriteAllTextAsync(Path.Combine(folder, stem + ".txt"), report.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
    }

    /// <summary>A stylesheet as the page sees it (filled by Playwright, hence the setters).</summary>
    private sealed class StyleSheetInfo
    {
        public string Href { get; set; } = "";
        public int Rules { get; set; }
    }
}
