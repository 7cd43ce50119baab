using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Primitives;

namespace PermissionsAdmin.Admin;

/// <summary>
/// Whether the site mounted the admin (<see cref="AdminEndpointRouteBuilderExtensions.MapPermissionsAdmin"/>). Until it
/// does, the admin's controllers are left out of MVC, so a site that maps its own controllers does not expose /admin by
/// accident. Mounting tells MVC to rebuild its actions, so the order of MapControllers and MapPermissionsAdmin is free.
/// </summary>
internal sealed class AdminMount : IActionDescriptorChangeProvider
{
    private CancellationTokenSource _changed = new();

    public bool IsMounted { get; private set; }

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Mount()
    {
        if (IsMounted) return;
        IsMounted = true;
        var previous = _changed;
        _changed = new CancellationTokenSource();
        previous.Cancel();
    }
}

/// <summary>Removes the admin's controllers from MVC while the admin is not mounted.</summary>
internal sealed class AdminControllerFeatureProvider(AdminMount mount) : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        if (mount.IsMounted) return;
        foreach (var controller in feature.Controllers.Where(IsAdminController).ToList()) feature.Controllers.Remove(controller);
    }

    private static bool IsAdminController(TypeInfo type) => typeof(AdminController).IsAssignableFrom(type);
}
