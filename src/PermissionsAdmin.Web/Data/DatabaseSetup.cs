using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PermissionsAdmin.DataProtection;
using PermissionsAdmin.PostgreSql;
using PermissionsAdmin.Web.Data.PostgreSql;
using PermissionsAdmin.Web.Data.Sqlite;
using PermissionsAdmin.Web.Data.SqlServer;

namespace PermissionsAdmin.Web.Data;

/// <summary>
/// The one switch between database providers (configuration <c>Database:Provider</c> and
/// <c>ConnectionStrings:Default</c>): registers that provider's subclass of <see cref="AppDbContext"/>, whose
/// migrations are its own. Contexts are pooled: a request rents one whose options and EF Core's internal services are
/// already built, instead of building them anew (about a tenth of a list page's allocations before).
/// </summary>
public static class DatabaseSetup
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    public const string SqlServer = "SqlServer";

    /// <summary>
    /// The configured provider's name as spelled here (<c>Database:Provider</c>, in any case; SQLite when unset), or an
    /// <see cref="InvalidOperationException"/> naming the three.
    /// </summary>
    public static string ProviderName(IConfiguration configuration)
    {
        var configured = configuration["Database:Provider"] ?? Sqlite;
        return new[] { Sqlite, PostgreSql, SqlServer }.FirstOrDefault(p => string.Equals(p, configured, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Unknown Database:Provider '{configured}'. Use '{Sqlite}', '{PostgreSql}' or '{SqlServer}'.");
    }

    public static IServiceCollection AddAppDbContext(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = ProviderName(configuration);
        var connectionString = configuration.GetConnectionString("Default");
        return provider switch
        {
            Sqlite => services.AddDbContextPool<AppDbContext, SqliteAppDbContext>(Configure),
            PostgreSql => services.AddDbContextPool<AppDbContext, PostgreSqlAppDbContext>(Configure),
            SqlServer => services.AddDbContextPool<AppDbContext, SqlServerAppDbContext>(Configure),
            _ => throw new UnreachableException(),
        };

        // EF Core applies ConfigureDbContext<T> to the options of T itself, and the options built here are the
        // provider subclass's: without this, ConfigureDbContext<AppDbContext> (an interceptor, say) would do nothing.
        void Configure(IServiceProvider services, DbContextOptionsBuilder options)
        {
            options.UseProvider(provider, connectionString, contentRoot);
            foreach (var configuration in services.GetServices<IDbContextOptionsConfiguration<AppDbContext>>())
            {
                configuration.Configure(services, options);
            }
        }
    }

    /// <summary>
    /// For <c>dotnet ef</c>: the site's appsettings.json, environment variables and the arguments after <c>--</c>
    /// (e.g. <c>--ConnectionStrings:Default "..."</c>). Generating migrations and scripts needs no server, so a
    /// server provider without a configured connection string gets a local placeholder.
    /// </summary>
    internal static DbContextOptions<TContext> DesignTimeOptions<TContext>(string provider, string[] args) where TContext : AppDbContext
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var connectionString = configuration.GetConnectionString("Default") ?? provider switch
        {
            PostgreSql => "Host=localhost;Database=permissionsadmin",
            SqlServer => "Server=localhost;Database=PermissionsAdmin;Integrated Security=true;TrustServerCertificate=true",
            _ => null,
        };
        var options = new DbContextOptionsBuilder<TContext>();
        options.UseProvider(provider, connectionString, Directory.GetCurrentDirectory());
        return options.Options;
    }

    private static void UseProvider(this DbContextOptionsBuilder options, string provider, string? connectionString, string contentRoot)
    {
        switch (provider)
        {
            case Sqlite:
                options.UseSqlite(connectionString ?? $"Data Source={Path.Combine(contentRoot, "permissionsadmin.db")}");
                break;
            case PostgreSql:
                options.UseNpgsql(Required(connectionString, provider), npgsql => npgsql.RetryBriefly());
                break;
            case SqlServer:
                options.UseSqlServer(Required(connectionString, provider), sqlServer => sqlServer.RetryBriefly());
                break;
        }
    }

    private static string Required(string? connectionString, string provider) => connectionString
        ?? throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:Default is not set.");

    /// <summary>
    /// Transient failures (a restart's broken connections, "the database system is starting up") are retried, reads
    /// and single SaveChanges alike, for about two seconds at most (waits of 0, 1 and 1 s, plus each attempt's connect
    /// time): a restart is ridden out, a longer outage is answered 503 soon instead of hanging requests. Explicit
    /// transactions go through <c>InTransactionAsync</c>, which this strategy requires.
    /// </summary>
    private static void RetryBriefly(this Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null);

    /// <summary>The same bound as PostgreSQL's, for SQL Server's transient errors (failover, throttling, a broken connection).</summary>
    private static void RetryBriefly(this Microsoft.EntityFrameworkCore.Infrastructure.SqlServerDbContextOptionsBuilder sqlServer) =>
        sqlServer.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorNumbersToAdd: null);

    /// <summary>
    /// Several instances on one database (<c>PermissionsAdmin:ScaleOut:Enabled</c>), on any provider: a data protection
    /// key ring shared through the database, so every instance accepts the others' cookies and antiforgery tokens
    /// (each already hears of the others' permission changes through the change feed); on PostgreSQL also the
    /// NOTIFY listener, which hears of them within milliseconds. Off by default; a single instance needs none of it.
    /// </summary>
    public static void AddConfiguredScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ScaleOutOptions.SectionName);
        if (!section.GetValue<bool>(nameof(ScaleOutOptions.Enabled))) return;
        services.AddPermissionsAdminSharedKeyRing<AppDbContext>(section["ApplicationName"] ?? "PermissionsAdmin");
        if (ProviderName(configuration) == PostgreSql)
        {
            services.AddPermissionsAdminScaleOut(Required(configuration.GetConnectionString("Default"), PostgreSql));
            services.AddHealthChecks().AddPermissionsAdminScaleOut();
        }
    }
}
