using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PermissionsAdmin.PostgreSql;

namespace PermissionsAdmin.Web.Data;

/// <summary>
/// The one switch between database providers (configuration <c>Database:Provider</c> and
/// <c>ConnectionStrings:Default</c>). SQL Server elsewhere is one package and one case here.
/// </summary>
public static class DatabaseSetup
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    public static void UseConfiguredDatabase(this DbContextOptionsBuilder options, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration["Database:Provider"] ?? Sqlite;
        var connectionString = configuration.GetConnectionString("Default");
        switch (provider)
        {
            case Sqlite:
                options.UseSqlite(connectionString ?? $"Data Source={Path.Combine(contentRoot, "permissionsadmin.db")}");
                break;
            case PostgreSql:
                options.UseNpgsql(connectionString ?? throw new InvalidOperationException(
                    "Database:Provider is PostgreSQL but ConnectionStrings:Default is not set."), npgsql => npgsql.RetryBriefly());
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown Database:Provider '{provider}'. Use '{Sqlite}' or '{PostgreSql}'.");
        }
        // Migrations are hand-written without a model snapshot; a schema-drift test guards them instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>
    /// Transient failures (a restart's broken connections, "the database system is starting up") are retried, reads
    /// and single SaveChanges alike, for about two seconds at most (waits of 0, 1 and 1 s, plus each attempt's connect
    /// time): a restart is ridden out, a longer outage is answered 503 soon instead of hanging requests. Explicit
    /// transactions go through <c>InTransactionAsync</c>, which this strategy requires.
    /// </summary>
    private static void RetryBriefly(this Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null);

    /// <summary>
    /// Several instances on one PostgreSQL database (<c>PermissionsAdmin:ScaleOut:Enabled</c>): cross-instance cache
    /// invalidation and a shared data protection key ring. Off by default; a single instance needs none of it.
    /// </summary>
    public static void AddConfiguredScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>($"{ScaleOutOptions.SectionName}:{nameof(ScaleOutOptions.Enabled)}")) return;
        if ((configuration["Database:Provider"] ?? Sqlite) != PostgreSql)
        {
            throw new InvalidOperationException(
                $"{ScaleOutOptions.SectionName}:{nameof(ScaleOutOptions.Enabled)} needs Database:Provider '{PostgreSql}': " +
                "instances share the database and hear of each other's changes through it.");
        }
        services.AddPermissionsAdminScaleOut<AppDbContext>(configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("Database:Provider is PostgreSQL but ConnectionStrings:Default is not set."));
    }
}
