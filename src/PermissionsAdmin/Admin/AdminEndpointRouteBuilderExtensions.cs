using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Admin;
using PermissionsAdmin.Admin.Entities;

// In the library's root namespace, beside AddPermissionsAdmin, so a site needs no extra using.
namespace PermissionsAdmin;

public static class AdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts the admin site at /admin (its controllers are attribute-routed in the "Admin" area). Needs the services of
    /// <c>AddPermissionsAdmin</c>, and routing, authentication and authorization in the pipeline. Its assets are served
    /// from _content/PermissionsAdmin/ by the static files middleware (with static web assets outside publish output).
    /// The entities registered with <c>AddEntityAdmin</c> are resolved here, so a mistake in one stops the site at startup.
    /// </summary>
    public static ControllerActionEndpointConventionBuilder MapPermissionsAdmin(this IEndpointRouteBuilder endpoints)
    {
        PermissionsAdminServicesCheck.Ensure(endpoints.ServiceProvider, nameof(MapPermissionsAdmin));
        endpoints.ServiceProvider.GetRequiredService<AdminEntities>();
        endpoints.ServiceProvider.GetRequiredService<AdminMount>().Mount();
        return endpoints.MapControllers();
    }
}
