using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Admin;

namespace PermissionsAdmin;

/// <summary>Says what to call when an app maps the admin or the API without having registered the library.</summary>
internal static class PermissionsAdminServicesCheck
{
    public static void Ensure(IServiceProvider services, string caller)
    {
        if (services.GetService<AdminMount>() is not null) return;
        throw new InvalidOperationException(
            $"{caller}() needs PermissionsAdmin's services: call builder.Services.AddPermissionsAdmin<YourDbContext>(builder.Configuration) " +
            "before builder.Build(), where YourDbContext derives from PermissionsDbContext.");
    }
}
