using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PermissionsAdmin.Admin;

/// <summary>
/// The admin's styles and scripts come from the package as static web assets (_content/PermissionsAdmin/). Outside
/// Development an unpublished build does not serve them, and the admin would show unstyled and without its scripts:
/// said once, at mounting, with the fix.
/// </summary>
internal static partial class AdminAssets
{
    internal const string Stylesheet = "_content/PermissionsAdmin/css/admin.css";

    public static void WarnIfMissing(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        if (environment.WebRootFileProvider.GetFileInfo(Stylesheet).Exists) return;
        LogMissing(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminAssets).FullName!), environment.EnvironmentName);
    }

    [LoggerMessage(1, LogLevel.Warning,
        "The admin's styles and scripts (_content/PermissionsAdmin/) are not in the web root, so its pages will show unstyled. " +
        "dotnet publish puts them there; to run an unpublished build in {Environment}, call builder.WebHost.UseStaticWebAssets().")]
    private static partial void LogMissing(ILogger logger, string environment);
}
