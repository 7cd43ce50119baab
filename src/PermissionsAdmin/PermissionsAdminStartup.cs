using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Startup;
using PermissionsAdmin.Sync;

namespace PermissionsAdmin;

public static partial class PermissionsAdminStartup
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
            LogPermissionsSynced(logger, report.CreatedPermissions.Count, report.RenamedPermissions.Count);
        }
        if (report.StalePermissions.Count > 0)
        {
            LogStalePermissions(logger, report.StalePermissions.Count, string.Join(", ", report.StalePermissions.Select(s => s.Name)));
        }
        foreach (var change in await scope.ServiceProvider.GetRequiredService<GroupsAsCode>().ApplyAsync())
        {
            LogGroupsConfigured(logger, change);
        }
        foreach (var change in await scope.ServiceProvider.GetRequiredService<AccessPoliciesAsCode>().ApplyAsync())
        {
            LogAccessPoliciesConfigured(logger, change);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Permissions: {Created} created, {Renamed} renamed")]
    private static partial void LogPermissionsSynced(ILogger logger, int created, int renamed);

    [LoggerMessage(2, LogLevel.Warning,
        "{Count} stale permission(s) whose entity is gone: {Names}. Remove them with 'sync-permissions --remove-stale'.")]
    private static partial void LogStalePermissions(ILogger logger, int count, string names);

    [LoggerMessage(3, LogLevel.Information, "Groups configuration: {Change}")]
    private static partial void LogGroupsConfigured(ILogger logger, string change);

    [LoggerMessage(4, LogLevel.Information, "Access requests configuration: {Change}")]
    private static partial void LogAccessPoliciesConfigured(ILogger logger, string change);
}
