using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin;

/// <summary>Says what to call when an app maps the admin or the API without having registered the library.</summary>
internal static class PermissionsAdminServicesCheck
{
    /// <summary>Registered by <c>AddPermissionsAdmin</c>: its presence says the library's services are there.</summary>
    internal sealed class Registered;

    public static void Ensure(IServiceProvider services, string caller)
    {
        if (services.GetService<Registered>() is not null) return;
        throw new InvalidOperationException(
            $"{caller}() needs PermissionsAdmin's services: call builder.Services.AddPermissionsAdmin<YourDbContext>(builder.Configuration) " +
            "before builder.Build(), where YourDbContext derives from PermissionsDbContext.");
    }
}
