namespace PermissionsAdmin.Browser.Tests.Support;

/// <summary>
/// Where the browser tests find Chromium: named by PERMISSIONSADMIN_CHROMIUM (scripts/test.sh sets it), else Debian's
/// <c>chromium-headless-shell</c> package, else its <c>chromium</c>. Playwright never downloads a browser of its own here.
/// </summary>
internal static class Chromium
{
    public const string Variable = "PERMISSIONSADMIN_CHROMIUM";
    public const string RequireAllVariable = "PERMISSIONSADMIN_REQUIRE_ALL_TESTS";

    /// <summary>
    /// Chromium's headless shell, what Playwright itself runs for a headless browser: the same engine (one Debian
    /// source package) without the full browser's window machinery. The browser tests took a third less CPU on it.
    /// </summary>
    public const string HeadlessShellPath = "/usr/lib/chromium/chromium-headless-shell";

    /// <summary>The full browser, used when the headless shell is not installed.</summary>
    public const string BrowserPath = "/usr/bin/chromium";

    /// <summary>Quiet and self-contained: no sandbox (containers, root), no GPU, no calls home, no first-run UI.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync",
    ];

    /// <summary>As for the PostgreSQL tests: with PERMISSIONSADMIN_REQUIRE_ALL_TESTS set, a missing browser fails instead of skipping.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) is not null;

    /// <summary>The Chromium binary to launch, or null with the reason it cannot be had.</summary>
    public static string? Find(out string reason)
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            reason = File.Exists(configured) ? "" : $"{Variable}={configured}, but there is no such file.";
            return File.Exists(configured) ? configured : null;
        }
        if (new[] { HeadlessShellPath, BrowserPath }.FirstOrDefault(File.Exists) is { } installed)
        {
            reason = "";
            return installed;
        }
        reason = $"Browser tests need Chromium: set {Variable} or install Debian's 'chromium-headless-shell' package " +
            $"({HeadlessShellPath}); scripts/test.sh installs it and sets the variable.";
        return null;
    }
}
