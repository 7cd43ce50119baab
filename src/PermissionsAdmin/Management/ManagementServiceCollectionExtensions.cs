using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PermissionsAdmin.Management;

public static class ManagementServiceCollectionExtensions
{
    /// <summary>Adds an app's own command to the management commands (the demo's <c>seed-demo</c>, say).</summary>
    public static IServiceCollection AddManagementCommand<TCommand>(this IServiceCollection services)
        where TCommand : class, IManagementCommand
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IManagementCommand, TCommand>());
        return services;
    }
}
