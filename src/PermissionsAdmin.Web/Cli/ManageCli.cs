using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Web.Cli;

/// <summary>
/// The site's management commands. Bad input prints one line to stderr, exits 1 and changes nothing.
/// Every command but <c>migrate</c> and <c>sync-permissions</c> first brings the database and catalogue up to date.
/// </summary>
public sealed partial class ManageCli(IHost host, TextWriter output, TextWriter error, TextReader input, bool interactive)
{
    /// <summary>
    /// A first argument that is a word (or asks for help) means a command; options such as <c>--urls</c> mean the
    /// site. A mistyped command then gets the CLI's error instead of silently starting the web server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?");

    public async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("PermissionsAdmin management commands")
        {
            MigrateCommand(), SyncPermissionsCommand(), CreateSuperuserCommand(), PermissionsCommand(),
            UsersCommand(), GroupsCommand(), TokensCommand(), CheckCommand(), SeedDemoCommand(),
            SeedBenchCommand(),
        };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Runs a command body in its own scope, turning refusals into one line on stderr.</summary>
    private async Task<int> RunAsync(bool prepare, Func<IServiceProvider, Task> body)
    {
        try
        {
            await host.PrepareDatabaseAsync();
            if (prepare) await host.SyncPermissionsAsync();
            using var scope = host.Services.CreateScope();
            using var actor = scope.ServiceProvider.GetRequiredService<ActorAccessor>()
                .ActAs(Actor.System("cli", $"cli ({Environment.UserName})"));
            await body(scope.ServiceProvider);
            return 0;
        }
        catch (Exception e) when (e is AdministrationException or PermissionDefinitionException or InvalidOperationException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private Command MigrateCommand()
    {
        var command = new Command("migrate", "Create the database or apply pending migrations.");
        command.SetAction((_, _) => RunAsync(prepare: false, _ => output.WriteLineAsync("Database is up to date.")));
        return command;
    }
}
