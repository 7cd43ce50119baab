using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Admin;
using PermissionsAdmin.Admin.Entities;

// In the library's root namespace, beside AddPermissionsAdmin, so a site needs no extra using.
namespace PermissionsAdmin;

public static class AdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts the admin site at <paramref name="path"/> (its controllers are attribute-routed in the "Admin" area, and every
    /// link, redirect and asset is generated, so the path and the request's PathBase are the site's). Needs the services of
    /// <c>AddPermissionsAdmin</c>, and routing, authentication and authorization in the pipeline. Its assets are served
    /// from _content/PermissionsAdmin/ by the static files middleware (with static web assets outside publish output; a
    /// warning says so when they are missing).
    /// The entities registered with <c>AddEntityAdmin</c> are resolved here, so a mistake in one stops the site at startup.
    /// </summary>
    public static ControllerActionEndpointConventionBuilder MapPermissionsAdmin(this IEndpointRouteBuilder endpoints, string path = "/admin")
    {
        PermissionsAdminServicesCheck.Ensure(endpoints.ServiceProvider, nameof(MapPermissionsAdmin));
        endpoints.ServiceProvider.GetRequiredService<AdminEntities>();
        endpoints.ServiceProvider.GetRequiredService<AdminMount>().Mount(new PathString(path));
        AdminAssets.WarnIfMissing(endpoints.ServiceProvider);
        return endpoints.MapControllers();
    }
}
