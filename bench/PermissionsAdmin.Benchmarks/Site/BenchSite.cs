using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Benchmarks.Shop;

namespace PermissionsAdmin.Benchmarks.Site;

/// <summary>
/// The library wired as a site would wire it, over a seeded SQLite file, served in process by a TestServer. Each
/// benchmark class starts its own in its global setup.
/// </summary>
internal sealed class BenchSite : IAsyncDisposable
{
    /// <summary>A policy with a trivial requirement: the baseline for a permission policy.</summary>
    public const string SignedInPolicy = "signed-in";

    private readonly WebApplication _app;
    private readonly string _databaseFile;

    private BenchSite(WebApplication app, string databaseFile, int userId)
    {
        _app = app;
        _databaseFile = databaseFile;
        Client = app.GetTestClient();
        Principal = BenchAuthenticationHandler.Principal(userId, Services.GetRequiredService<IOptions<IdentityOptions>>().Value);
        UserId = userId;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Sends requests signed in as the measured user.</summary>
    public HttpClient Client { get; }

    /// <summary>The measured user, for calls that bypass HTTP.</summary>
    public ClaimsPrincipal Principal { get; }

    public int UserId { get; }

    public static async Task<BenchSite> StartAsync()
    {
        var databaseFile = Path.Combine(Path.GetTempPath(), $"permissionsadmin-bench-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The benchmark runs from an assembly BenchmarkDotNet generates: name ours so MVC finds its controller and views.
            ApplicationName = typeof(BenchSite).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // Pooled, as the site registers its context: a request rents a context instead of building one.
        builder.Services.AddDbContextPool<ShopDbContext>(options => options.UseSqlite($"Data Source={databaseFile}"));
        builder.Services.AddPermissionsAdmin<ShopDbContext>(builder.Configuration);
        builder.Services.AddSingleton<SignedInUser>();
        builder.Services.AddAuthentication(options =>
        {
            // Overrides the Identity cookie defaults that AddPermissionsAdmin sets.
            options.DefaultAuthenticateScheme = BenchAuthenticationHandler.SchemeName;
            options.DefaultChallengeScheme = BenchAuthenticationHandler.SchemeName;
            options.DefaultForbidScheme = BenchAuthenticationHandler.SchemeName;
        }).AddScheme<AuthenticationSchemeOptions, BenchAuthenticationHandler>(BenchAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(SignedInPolicy, policy => policy.RequireAuthenticatedUser());

        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.EnsureCreatedAsync();
        }
        await app.SyncPermissionsAsync();
        var userId = await ShopData.SeedAsync(app.Services);
        app.Services.GetRequiredService<SignedInUser>().Id = userId;
        await app.StartAsync();
        return new BenchSite(app, databaseFile, userId);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databaseFile);
    }
}
