using Microsoft.AspNetCore.Mvc.Razor;

namespace PermissionsAdmin.Admin;

/// <summary>
/// The admin's views live beside its controllers, in the library's Admin/Views/{controller}/{view}.cshtml (compiled into
/// the library), instead of Areas/Admin/Views, so the whole admin is one folder; only the "Admin" area looks there.
/// </summary>
internal sealed class AdminViewLocationExpander : IViewLocationExpander
{
    public static readonly string[] Locations = ["/Admin/Views/{1}/{0}.cshtml", "/Admin/Views/Shared/{0}.cshtml"];

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        context.AreaName == AdminController.AreaName ? Locations : viewLocations;

    public void PopulateValues(ViewLocationExpanderContext context)
    {
    }
}
