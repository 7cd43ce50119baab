using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Primitives;

namespace PermissionsAdmin.Admin;

/// <summary>
/// Where the site mounted the admin (<see cref="AdminEndpointRouteBuilderExtensions.MapPermissionsAdmin"/>), if it did.
/// Until it does, the admin's controllers are left out of MVC, so a site that maps its own controllers does not expose
/// the admin by accident. Mounting tells MVC to rebuild its actions, so the order of MapControllers and
/// MapPermissionsAdmin is free.
/// </summary>
internal sealed class AdminMount : IActionDescriptorChangeProvider, IDisposable
{
    private CancellationTokenSource _changed = new();

    public bool IsMounted { get; private set; }

    /// <summary>The path the admin's routes start with ("/admin" unless the site chose another).</summary>
    public PathString Path { get; private set; }

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Mount(PathString path)
    {
        if (!path.HasValue || path.Value!.EndsWith('/'))
        {
            throw new ArgumentException($"The admin's path must start with '/' and not end with one (as \"/admin\"); got \"{path}\".", nameof(path));
        }
        if (IsMounted)
        {
            if (path == Path) return;
            throw new InvalidOperationException($"The admin is mounted at {Path} already; a site mounts it once.");
        }
        Path = path;
        IsMounted = true;
        var previous = _changed;
        _changed = new CancellationTokenSource();
        previous.Cancel();
    }

    public void Dispose() => _changed.Dispose();
}

/// <summary>Removes the admin's controllers from MVC while the admin is not mounted.</summary>
internal sealed class AdminControllerFeatureProvider(AdminMount mount) : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        if (mount.IsMounted) return;
        foreach (var controller in feature.Controllers.Where(IsAdminController).ToList()) feature.Controllers.Remove(controller);
    }

    internal static bool IsAdminController(TypeInfo type) => typeof(AdminController).IsAssignableFrom(type);
}

/// <summary>
/// Puts the mount path in front of the admin controllers' routes (theirs are relative: <c>[Route("users")]</c>). MVC
/// applies conventions each time it builds its actions, so the path chosen at mounting is the one routed and linked to.
/// </summary>
internal sealed class AdminRoutePrefixConvention(AdminMount mount) : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        if (!mount.IsMounted) return;
        var prefix = new AttributeRouteModel(new RouteAttribute(mount.Path.Value!.TrimStart('/')));
        foreach (var controller in application.Controllers.Where(c => AdminControllerFeatureProvider.IsAdminController(c.ControllerType)))
        {
            foreach (var selector in controller.Selectors.Where(s => s.AttributeRouteModel is not null))
            {
                selector.AttributeRouteModel = AttributeRouteModel.CombineAttributeRouteModel(prefix, selector.AttributeRouteModel);
            }
        }
    }
}
