using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PermissionsAdmin.PostgreSql;

public static class ScaleOutHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the check that this instance listens for other instances' permission changes
    /// (<c>permissionsadmin-scale-out</c>, degraded while it does not); needs <c>AddPermissionsAdminScaleOut</c>.
    /// </summary>
    public static IHealthChecksBuilder AddPermissionsAdminScaleOut(
        this IHealthChecksBuilder builder, string name = "permissionsadmin-scale-out", HealthStatus failureStatus = HealthStatus.Degraded,
        IEnumerable<string>? tags = null) =>
        builder.AddCheck<ListenerHealthCheck>(name, failureStatus, tags ?? []);
}
