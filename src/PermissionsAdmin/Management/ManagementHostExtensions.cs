using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Management;
using PermissionsAdmin.Startup;

// In the library's root namespace, beside AddPermissionsAdmin and MapPermissionsAdmin, so Program.cs needs no extra using.
namespace PermissionsAdmin;

public static class ManagementHostExtensions
{
    /// <summary>
    /// <c>dotnet run -- createsuperuser …</c> runs that management command and returns its exit code; without a command
    /// (no arguments, or options such as <c>--urls</c>) syncs the permission catalogue and serves the app until it stops;
    /// a database not migrated yet stops it with one <c>error:</c> line naming the command to run.
    /// </summary>
    public static async Task<int> RunWithManagementCommandsAsync(this WebApplication app, string[] args)
    {
        if (ManagementCli.IsCommand(args)) return await app.RunManagementCommandAsync(args);
        try
        {
            await app.SyncPermissionsAsync();
        }
        catch (DatabaseNotReadyException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        await app.RunAsync();
        return 0;
    }

    /// <summary>Runs one management command on the console (a hidden password prompt when it is a terminal).</summary>
    public static Task<int> RunManagementCommandAsync(this IHost host, string[] args) =>
        new ManagementCli(host, Console.Out, Console.Error, Console.In, interactive: !Console.IsInputRedirected).RunAsync(args);
}
