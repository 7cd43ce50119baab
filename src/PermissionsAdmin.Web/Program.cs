using PermissionsAdmin;
using PermissionsAdmin.Management;
using PermissionsAdmin.Web;

// `dotnet run -- <command>` runs the management commands (the manage.py of this site); no command serves the site.
if (ManagementCli.IsCommand(args))
{
    // Warnings and errors only, overriding the configured default: what a command prints is its output.
    using var host = SiteHost.BuildForCommands([], site => site.Logging
        .AddFilter(level => level >= LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.Identity", LogLevel.Error));
    return await host.RunManagementCommandAsync(args);
}

var app = SiteHost.Build(args);
await app.StartUpAsync();
await app.RunAsync();
return 0;
