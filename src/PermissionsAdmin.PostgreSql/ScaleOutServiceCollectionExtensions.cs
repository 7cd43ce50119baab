using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.ChangeFeed;

namespace PermissionsAdmin.PostgreSql;

public static class ScaleOutServiceCollectionExtensions
{
    /// <summary>
    /// Several instances of the site on one PostgreSQL database. Call after <c>AddPermissionsAdmin&lt;TContext&gt;</c>.
    /// <list type="bullet">
    /// <item>The permission cache starts suspended (every check reads the database) and a
    /// <see cref="PermissionChangeListener"/> resumes it once it listens for the notifications the triggers of
    /// <see cref="PermissionChangeNotifications"/> send; it suspends it again whenever that connection fails.</item>
    /// </list>
    /// Options come from the <c>PermissionsAdmin:ScaleOut</c> section, then <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPermissionsAdminScaleOut(
        this IServiceCollection services, string connectionString, Action<ScaleOutOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!services.Any(d => d.ServiceType == typeof(PermissionCache)))
        {
            throw new InvalidOperationException("Call AddPermissionsAdmin<TContext>() before AddPermissionsAdminScaleOut().");
        }
        if (services.Any(d => d.ServiceType == typeof(PermissionChangeListener))) return services; // already on

        services.AddOptions<ScaleOutOptions>()
            .BindConfiguration(ScaleOutOptions.SectionName)
            .Configure(options =>
            {
                options.ConnectionString = connectionString;
                configure?.Invoke(options);
            })
            .Validate(o => o.HeartbeatInterval > TimeSpan.Zero && o.HeartbeatTimeout > TimeSpan.Zero,
                $"{ScaleOutOptions.SectionName}: HeartbeatInterval and HeartbeatTimeout must be positive.")
            .Validate(o => o.ReconnectDelay > TimeSpan.Zero && o.MaxReconnectDelay >= o.ReconnectDelay,
                $"{ScaleOutOptions.SectionName}: ReconnectDelay must be positive and MaxReconnectDelay at least as long.")
            .ValidateOnStart();

        // Suspended from the start: a process that never listens (the CLI, a host not yet started) reads the database.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var cache = new PermissionCache(sp.GetRequiredService<IOptions<PermissionsAdminOptions>>(), sp.GetRequiredService<TimeProvider>());
            cache.Suspend(typeof(PermissionChangeListener));
            return cache;
        }));
        // The listener hears of every change the feed would carry, sooner: the feed is left to prune itself.
        services.Configure<ChangeFeedOptions>(feed => feed.ReadChanges = false);
        services.TryAddSingleton<PermissionChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PermissionChangeListener>());

        return services;
    }
}
