using PermissionsAdmin;
using PermissionsAdmin.Management;
using PermissionsAdmin.Web;

// `dotnet run -- <command>` runs the management commands (the manage.py of this site); no command serves the site.
if (ManagementCli.IsCommand(args))
{
    WebApplication host;
    try
    {
        // Warnings and errors only, overriding the configured default: what a command prints is its output.
        host = SiteHost.BuildForCommands([], site => site.Logging
            .AddFilter(level => level >= LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.Identity", LogLevel.Error));
    }
    catch (InvalidOperationException misconfigured)
    {
        // A setting the services cannot be built from (an unknown Database:Provider): one line, as a command's refusals.
        await Console.Error.WriteLineAsync($"error: {misconfigured.Message}");
        return 1;
    }
    await using (host) return await host.RunManagementCommandAsync(args);
}

var app = SiteHost.Build(args);
await app.StartUpAsync();
await app.RunAsync();
return 0;
