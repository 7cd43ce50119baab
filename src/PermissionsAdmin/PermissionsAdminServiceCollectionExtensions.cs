using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin;

public static class PermissionsAdminServiceCollectionExtensions
{
    /// <summary>
    /// Registers Identity over <typeparamref name="TContext"/>, the permission catalogue generated from its model,
    /// the checker and the administration services. Options come from the <c>PermissionsAdmin</c> section.
    /// </summary>
    public static IdentityBuilder AddPermissionsAdmin<TContext>(
        this IServiceCollection services, IConfiguration configuration, Action<IdentityOptions>? configureIdentity = null)
        where TContext : PermissionsDbContext
    {
        services.AddOptions<PermissionsAdminOptions>().Bind(configuration.GetSection(PermissionsAdminOptions.SectionName));
        services.AddScoped<PermissionsDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddSingleton(sp =>
        {
            using var scope = sp.CreateScope();
            return CatalogueBuilder.Build(scope.ServiceProvider.GetRequiredService<TContext>().Model);
        });
        services.AddSingleton<PermissionCache>();
        services.AddScoped<IPermissionChecker, PermissionChecker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPermissionSource, StoredGrantsSource>());
        services.AddScoped<PermissionResolver>();
        services.AddScoped<PermissionSynchronizer>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<GroupAdministration>();
        services.AddScoped<GroupsAsCode>();

        return services
            .AddIdentity<PermissionsUser, PermissionsGroup>(identity =>
            {
                identity.User.RequireUniqueEmail = false;
                configureIdentity?.Invoke(identity);
            })
            .AddEntityFrameworkStores<TContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<GroupErrorDescriber>();
    }

    /// <summary>Adds a custom permission source (Django's authentication backend), consulted in its <see cref="IPermissionSource.Order"/>.</summary>
    public static IServiceCollection AddPermissionSource<TSource>(this IServiceCollection services)
        where TSource : class, IPermissionSource
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IPermissionSource, TSource>());
        return services;
    }
}
