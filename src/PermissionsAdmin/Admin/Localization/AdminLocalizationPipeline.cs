using Microsoft.AspNetCore.Builder;

namespace PermissionsAdmin.Admin.Localization;

/// <summary>
/// Request localization for the admin's actions only (a middleware filter on <see cref="AdminController"/>), wherever
/// the admin is mounted: the site's own pages and the JSON API keep the site's culture.
/// </summary>
internal sealed class AdminLocalizationPipeline
{
    public static void Configure(IApplicationBuilder admin) => admin.UseRequestLocalization(AdminCultures.Configure);
}
