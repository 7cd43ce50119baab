using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>
/// A test's site writes its warnings and errors, exceptions included, into the test's output, so that a failing test
/// says why its site answered as it did (a 503 once came with no word of its SQLite error).
/// </summary>
public sealed class SiteLogInTestOutputTests
{
    [Fact]
    public async Task Warnings_and_errors_of_the_site_reach_the_test_output_and_information_does_not()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        var logger = site.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Probe");

        logger.LogInformation("an everyday message");
        logger.LogWarning("a warning");
        logger.LogError(new InvalidOperationException("SQLite Error 5: 'database is locked'."), "a failed request");

        var output = TestContext.Current.TestOutputHelper!.Output;
        Assert.Contains("site Warning: Probe: a warning", output);
        Assert.Contains("site Error: Probe: a failed request", output);
        Assert.Contains("SQLite Error 5: 'database is locked'.", output);
        Assert.DoesNotContain("an everyday message", output);
    }
}
