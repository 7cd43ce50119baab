using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// Healthy while the <see cref="PermissionChangeListener"/> listens; otherwise degraded, not down: the instance still
/// answers every check correctly, reading the database each time, until it listens again.
/// </summary>
internal sealed class ListenerHealthCheck(PermissionChangeListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(listener.IsListening
            ? HealthCheckResult.Healthy("Listening for permission changes.")
            : new HealthCheckResult(context.Registration.FailureStatus,
                "Not listening for permission changes: the permission cache is suspended and every check reads the database."));
}
