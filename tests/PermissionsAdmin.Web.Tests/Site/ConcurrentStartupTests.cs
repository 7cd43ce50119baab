using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Management;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Demo;
using PermissionsAdmin.Web.Tests.ScaleOut;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>
/// Instances (and the CLI) starting at the same moment on an empty database: every startup step runs under the
/// startup lock, so all of them start and the database ends up as one start would leave it.
/// </summary>
public sealed class ConcurrentStartupTests
{
    private const int Rounds = 10;

    private static readonly Dictionary<string, string?> SeedOnFirstRun = new() { ["Demo:SeedOnFirstRun"] = "true" };

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task Three_scaled_out_instances_starting_together_on_an_empty_database_all_start_and_share_one_setup(DatabaseKind kind)
    {
        for (var round = 1; round <= Rounds; round++)
        {
            await using var db = await TestDatabase.CreateAsync(kind);
            await MigrateOnEvenRoundsAsync(db, round);
            var instances = new[] { "a", "b", "c" }.Select(name => SiteInstance.Build(db, name, SeedOnFirstRun, SlowGroupLookups.Configure)).ToList();
            try
            {
                // What Program.cs does, all at once: the startup steps, then the hosted services (the first data
                // protection key, the listener).
                await Task.WhenAll(instances.Select(i => Task.Run(async () =>
                {
                    await i.App.StartUpAsync(TestContext.Current.CancellationToken);
                    await i.App.StartAsync(TestContext.Current.CancellationToken);
                })));

                await AssertOneSetupAsync(db, $"round {round}", scaledOut: true);
            }
            finally
            {
                foreach (var instance in instances) await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_site_and_the_cli_starting_together_on_an_empty_sqlite_file_both_succeed_and_share_one_setup()
    {
        for (var round = 1; round <= Rounds; round++)
        {
            await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
            await MigrateOnEvenRoundsAsync(db, round);
            await using var site = TestSite.Build(db, SeedOnFirstRun, SlowGroupLookups.Configure);
            await using var cliHost = TestSite.BuildForCommands(db, SlowGroupLookups.Configure);
            using var output = new StringWriter();
            using var error = new StringWriter();

            var started = Task.Run(() => site.StartUpAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            var cli = Task.Run(() => new ManagementCli(cliHost, output, error, TextReader.Null, interactive: false)
                .RunAsync(["permissions", "list", "--app", "auth"]), TestContext.Current.CancellationToken);
            await started;
            var exitCode = await cli;

            Assert.True(exitCode == 0, $"round {round}: exit {exitCode}, {error}");
            await AssertOneSetupAsync(db, $"round {round}", scaledOut: false);
        }
    }

    /// <summary>
    /// Odd rounds start on an empty database, where the instances also migrate together; even rounds on a freshly
    /// migrated one, where nothing staggers them before the catalogue sync and groups as code.
    /// </summary>
    private static async Task MigrateOnEvenRoundsAsync(TestDatabase db, int round)
    {
        if (round % 2 == 1) return;
        await using var site = TestSite.Build(db);
        await site.PrepareDatabaseAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The configured groups once each with their permissions, the whole catalogue once, the demo seeded once, and
    /// (with scale-out) one data protection key.
    /// </summary>
    private static async Task AssertOneSetupAsync(TestDatabase db, string round, bool scaledOut)
    {
        await using var site = TestSite.Build(db);
        await using var scope = site.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var catalogue = scope.ServiceProvider.GetRequiredService<PermissionCatalogue>();

        var groups = await context.Roles.Select(g => g.Name!).ToListAsync();
        Assert.True(groups.Order(StringComparer.Ordinal).SequenceEqual(["Creators", "Editors", "Subscribers"]),
            $"{round}: groups {string.Join(", ", groups)}");
        Assert.Equal(5, (await context.GroupPermissionNamesAsync("Editors")).Count);
        Assert.Equal(catalogue.ContentTypes.Count, await context.ContentTypes.CountAsync());
        Assert.Equal(catalogue.Permissions.Count(), await context.Permissions.CountAsync());
        Assert.Equal(DemoSeeder.Accounts.Select(a => a.UserName).Order(), (await context.Users.Select(u => u.UserName!).ToListAsync()).Order());
        Assert.Equal(2, await context.Posts.CountAsync());
        if (scaledOut) Assert.Equal(1, await context.DataProtectionKeys.CountAsync());
    }
}

/// <summary>
/// Holds each look-up of a group by name a little, so that instances starting together reliably look before any of
/// them creates: the window in which unserialized startups collide, made wide enough to hit every time.
/// </summary>
internal sealed class SlowGroupLookups : DbCommandInterceptor
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(50);

    public static void Configure(WebApplicationBuilder builder) =>
        builder.Services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(new SlowGroupLookups()));

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("\"AspNetRoles\"", StringComparison.Ordinal) &&
            command.CommandText.Contains("\"NormalizedName\" =", StringComparison.Ordinal))
        {
            await Task.Delay(Hold, cancellationToken);
        }
        return result;
    }
}
