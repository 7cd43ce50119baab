using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.ChangeFeed;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.PostgreSql;

public static class ScaleOutServiceCollectionExtensions
{
    /// <summary>
    /// Several instances of the site on one PostgreSQL database. Call after <c>AddPermissionsAdmin&lt;TContext&gt;</c>.
    /// <list type="bullet">
    /// <item>The permission cache starts suspended (every check reads the database) and a
    /// <see cref="PermissionChangeListener"/> resumes it once it listens for the notifications the triggers of
    /// <see cref="PermissionChangeNotifications"/> send; it suspends it again whenever that connection fails.</item>
    /// <item>The data protection key ring lives in <typeparamref name="TContext"/>'s <c>DataProtectionKeys</c> table
    /// under one application name, so cookies and antiforgery tokens issued by one instance are accepted by all; the
    /// first key is created under an advisory lock at startup, so instances starting together share it.</item>
    /// </list>
    /// Options come from the <c>PermissionsAdmin:ScaleOut</c> section, then <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPermissionsAdminScaleOut<TContext>(
        this IServiceCollection services, string connectionString, Action<ScaleOutOptions>? configure = null)
        where TContext : PermissionsDbContext, IDataProtectionKeyContext
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!services.Any(d => d.ServiceType == typeof(PermissionCache)))
        {
            throw new InvalidOperationException("Call AddPermissionsAdmin<TContext>() before AddPermissionsAdminScaleOut<TContext>().");
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
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApplicationName), $"{ScaleOutOptions.SectionName}: ApplicationName must not be empty.")
            .ValidateOnStart();

        // Suspended from the start: a process that never listens (the CLI, a host not yet started) reads the database.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var cache = new PermissionCache(sp.GetRequiredService<IOptions<PermissionsAdminOptions>>());
            cache.Suspend(typeof(PermissionChangeListener));
            return cache;
        }));
        // The listener hears of every change the feed would carry, sooner: the feed is left to prune itself.
        services.Configure<ChangeFeedOptions>(feed => feed.ReadChanges = false);
        services.TryAddSingleton<PermissionChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PermissionChangeListener>());

        services.AddDataProtection();
        // First of all hosted services, so it runs before data protection loads the key ring.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DataProtectionKeyBootstrap>());
        services.AddOptions<DataProtectionOptions>()
            .Configure<IOptions<ScaleOutOptions>>((dataProtection, scaleOut) => dataProtection.ApplicationDiscriminator = scaleOut.Value.ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((keys, scopes) => keys.XmlRepository = new DbContextXmlRepository<TContext>(scopes));
        return services;
    }
}
