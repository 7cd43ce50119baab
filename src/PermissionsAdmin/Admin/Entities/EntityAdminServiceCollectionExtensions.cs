using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>The entities registered with the admin, in registration order.</summary>
public sealed class EntityAdminOptions
{
    internal List<Func<IModel, PermissionCatalogue, AdminEntity>> Registrations { get; } = [];
}

public static class EntityAdminServiceCollectionExtensions
{
    /// <summary>
    /// Shows <typeparamref name="TEntity"/> in /admin under its app (<c>/admin/blog/post</c>), with list, add, change,
    /// delete and history pages guarded by its generated <c>view_</c>, <c>add_</c>, <c>change_</c> and <c>delete_</c>
    /// permissions. The entity must be in the model of the context given to <c>AddPermissionsAdmin</c>, with a single
    /// <c>int</c> key.
    /// </summary>
    public static IServiceCollection AddEntityAdmin<TEntity>(this IServiceCollection services, Action<EntityAdmin<TEntity>>? configure = null)
        where TEntity : class
    {
        var registration = new EntityAdmin<TEntity>();
        configure?.Invoke(registration);
        services.Configure<EntityAdminOptions>(options => options.Registrations.Add((model, catalogue) => new AdminEntity<TEntity>(registration, model, catalogue)));
        return services;
    }
}
