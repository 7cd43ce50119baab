using PermissionsAdmin;
using PermissionsAdmin.Web;
using PermissionsAdmin.Web.Cli;

// `dotnet run -- <command>` runs the management CLI (the manage.py of this site); no command serves the site.
if (ManageCli.IsCommand(args))
{
    using var host = SiteHost.Build([], site => site.Logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.Identity", LogLevel.Error));
    return await new ManageCli(host, Console.Out, Console.Error, Console.In, interactive: !Console.IsInputRedirected)
        .RunAsync(args);
}

var app = SiteHost.Build(args);
await app.PrepareDatabaseAsync();
await app.SyncPermissionsAsync();
await app.AnnounceFirstRunAsync();
await app.RunAsync();
return 0;
