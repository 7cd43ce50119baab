using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PermissionsAdmin.Availability;

namespace PermissionsAdmin;

public static class PermissionsAdminHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the check that the database answers (<c>permissionsadmin-database</c>) to the app's health checks; the app
    /// maps them where it wants (<c>app.MapHealthChecks("/healthz")</c>). A database that does not answer within
    /// <paramref name="timeout"/> (default 5 s) is reported as <paramref name="failureStatus"/>.
    /// </summary>
    public static IHealthChecksBuilder AddPermissionsAdminDatabase(
        this IHealthChecksBuilder builder, string name = "permissionsadmin-database", HealthStatus failureStatus = HealthStatus.Unhealthy,
        IEnumerable<string>? tags = null, TimeSpan? timeout = null) =>
        builder.AddCheck<DatabaseHealthCheck>(name, failureStatus, tags ?? [], timeout ?? TimeSpan.FromSeconds(5));
}
