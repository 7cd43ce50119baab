using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>
/// A test's site writes its warnings and errors, exceptions included, into the test's output, so that a failing test
/// says why its site answered as it did (a 503 once came with no word of its SQLite error).
/// </summary>
public sealed partial class SiteLogInTestOutputTests
{
    [Fact]
    public async Task Warnings_and_errors_of_the_site_reach_the_test_output_and_information_does_not()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        var logger = site.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Probe");

        LogEveryday(logger);
        LogAWarning(logger);
        LogFailedRequest(logger, new InvalidOperationException("SQLite Error 5: 'database is locked'."));

        var output = TestContext.Current.TestOutputHelper!.Output;
        Assert.Contains("site Warning: Probe: a warning", output);
        Assert.Contains("site Error: Probe: a failed request", output);
        Assert.Contains("SQLite Error 5: 'database is locked'.", output);
        Assert.DoesNotContain("an everyday message", output);
    }

    [LoggerMessage(1, LogLevel.Information, "an everyday message")]
    private static partial void LogEveryday(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "a warning")]
    private static partial void LogAWarning(ILogger logger);

    [LoggerMessage(3, LogLevel.Error, "a failed request")]
    private static partial void LogFailedRequest(ILogger logger, Exception exception);
}
