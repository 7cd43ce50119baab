using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.DataProtection;

public static class SharedKeyRingServiceCollectionExtensions
{
    /// <summary>
    /// Several instances on one database, on any provider: the data protection key ring lives in
    /// <typeparamref name="TContext"/>'s <c>DataProtectionKeys</c> table (ASP.NET Core's
    /// <c>PersistKeysToDbContext</c>) under one application name, so cookies and antiforgery tokens issued by one
    /// instance are accepted by all; the first key is created under the startup lock, so instances starting
    /// together share it. Call after <c>AddPermissionsAdmin&lt;TContext&gt;</c>.
    /// </summary>
    /// <param name="applicationName">The data protection application name every instance must share.</param>
    public static IDataProtectionBuilder AddPermissionsAdminSharedKeyRing<TContext>(this IServiceCollection services, string applicationName)
        where TContext : PermissionsDbContext, IDataProtectionKeyContext
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationName);
        // First of all hosted services, so it runs before data protection loads the key ring.
        if (!services.Any(d => d.ImplementationType == typeof(SharedKeyRingBootstrap)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SharedKeyRingBootstrap>());
        }
        return services.AddDataProtection().SetApplicationName(applicationName).PersistKeysToDbContext<TContext>();
    }
}
