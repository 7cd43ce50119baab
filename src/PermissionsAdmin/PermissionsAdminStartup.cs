using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Startup;
using PermissionsAdmin.Sync;

namespace PermissionsAdmin;

public static class PermissionsAdminStartup
{
    /// <summary>
    /// Syncs the permission catalogue and applies the configured groups and their request policies; call after migrating, before serving.
    /// A definition error or an unknown permission in the groups configuration throws, stopping startup, as does a
    /// database without its tables (<see cref="DatabaseNotReadyException"/>, naming the command). Runs under
    /// the <see cref="StartupLock"/>, so instances starting together apply it one after the other.
    /// </summary>
    public static async Task SyncPermissionsAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        using var scope = host.Services.CreateScope();
        await using var startupLock = await scope.ServiceProvider.GetRequiredService<StartupLock>()
            .AcquireAsync("Permission sync", cancellationToken);
        await DatabaseReadiness.EnsureAsync(scope.ServiceProvider.GetRequiredService<PermissionsDbContext>(), cancellationToken);
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PermissionsAdmin.Startup");
        var report = await scope.ServiceProvider.GetRequiredService<PermissionSynchronizer>()
            .SyncAsync(cancellationToken: cancellationToken);
        if (report.CreatedPermissions.Count + report.RenamedPermissions.Count > 0)
        {
            logger.LogInformation("Permissions: {Created} created, {Renamed} renamed",
                report.CreatedPermissions.Count, report.RenamedPermissions.Count);
        }
        if (report.StalePermissions.Count > 0)
        {
            logger.LogWarning("{Count} stale permission(s) whose entity is gone: {Names}. Remove them with 'sync-permissions --remove-stale'.",
                report.StalePermissions.Count, string.Join(", ", report.StalePermissions.Select(s => s.Name)));
        }
        foreach (var change in await scope.ServiceProvider.GetRequiredService<GroupsAsCode>().ApplyAsync())
        {
            logger.LogInformation("Groups configuration: {Change}", change);
        }
        foreach (var change in await scope.ServiceProvider.GetRequiredService<AccessPoliciesAsCode>().ApplyAsync())
        {
            logger.LogInformation("Access requests configuration: {Change}", change);
        }
    }
}
