using PermissionsAdmin.Web;
using PermissionsAdmin.Web.Cli;

// `dotnet run -- <command>` runs the management CLI (the manage.py of this site); no command serves the site.
if (ManageCli.IsCommand(args))
{
    // Warnings and errors only, overriding the configured default: what a command prints is its output.
    using var host = SiteHost.Build([], site => site.Logging
        .AddFilter(level => level >= LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore.Identity", LogLevel.Error));
    return await new ManageCli(host, Console.Out, Console.Error, Console.In, interactive: !Console.IsInputRedirected)
        .RunAsync(args);
}

var app = SiteHost.Build(args);
await app.StartUpAsync();
await app.RunAsync();
return 0;
