namespace PermissionsAdmin.Browser.Tests.Support;

/// <summary>
/// Where the browser tests find Chromium: Debian's <c>chromium</c> package, named by PERMISSIONSADMIN_CHROMIUM
/// (scripts/test.sh sets it) or at <see cref="DefaultPath"/>. Playwright never downloads a browser of its own here.
/// </summary>
internal static class Chromium
{
    public const string Variable = "PERMISSIONSADMIN_CHROMIUM";
    public const string RequireAllVariable = "PERMISSIONSADMIN_REQUIRE_ALL_TESTS";
    public const string DefaultPath = "/usr/bin/chromium";

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
        if (File.Exists(DefaultPath))
        {
            reason = "";
            return DefaultPath;
        }
        reason = $"Browser tests need Chromium: set {Variable} or install Debian's 'chromium' package ({DefaultPath}); " +
            "scripts/test.sh installs it and sets the variable.";
        return null;
    }
}
