using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Management;

/// <summary>
/// The management commands (Django's <c>manage.py</c>): <c>migrate</c>, <c>sync-permissions</c>,
/// <c>createsuperuser</c>, <c>permissions list</c>, <c>users …</c>, <c>groups …</c>, <c>requests …</c>, <c>tokens …</c>
/// and <c>check</c>, plus the app's own (<see cref="ManagementServiceCollectionExtensions.AddManagementCommand{TCommand}"/>). Bad input
/// prints one line to stderr, exits 1 and changes nothing. Every command first brings the database up to date with the
/// app's <see cref="IDatabaseMigrator"/>; every one but <c>migrate</c> and <c>sync-permissions</c> then syncs the
/// permission catalogue and the configured groups.
/// </summary>
public sealed partial class ManagementCli(IHost host, TextWriter output, TextWriter error, TextReader input, bool interactive)
{
    /// <summary>Where a command writes its results.</summary>
    public TextWriter Output => output;

    /// <summary>Where a command writes what is not its result (reminders, warnings).</summary>
    public TextWriter Error => error;

    /// <summary>
    /// A first argument that is a word (or asks for help) means a command; options such as <c>--urls</c> mean the
    /// site. A mistyped command then gets the CLI's error instead of silently starting the web server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?");

    /// <summary>Runs the command <paramref name="args"/> name; returns its exit code.</summary>
    public async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("PermissionsAdmin management commands")
        {
            MigrateCommand(), SyncPermissionsCommand(), CreateSuperuserCommand(), PermissionsCommand(),
            UsersCommand(), GroupsCommand(), RequestsCommand(), TokensCommand(), CheckCommand(),
        };
        foreach (var command in host.Services.GetServices<IManagementCommand>()) root.Add(command.Create(this));
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>
    /// Runs a command's body in its own scope, acting as the system (audited as "cli"), after migrating and, with
    /// <paramref name="syncPermissions"/>, syncing the catalogue. An <see cref="AdministrationException"/> (or another
    /// refusal) becomes one <c>error:</c> line on stderr and exit code 1.
    /// </summary>
    public async Task<int> ExecuteAsync(bool syncPermissions, Func<IServiceProvider, Task> body)
    {
        try
        {
            using (var migration = host.Services.CreateScope())
            {
                await migration.ServiceProvider.GetRequiredService<IDatabaseMigrator>().MigrateAsync();
            }
            if (syncPermissions) await host.SyncPermissionsAsync();
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
        command.SetAction((_, _) => ExecuteAsync(syncPermissions: false, _ => output.WriteLineAsync("Database is up to date.")));
        return command;
    }

    /// <summary>A password from stdin, the environment, or a hidden prompt typed twice; null when none can be had.</summary>
    public async Task<string?> ReadPasswordAsync(bool fromStdin, string? fromEnvironment)
    {
        if (fromStdin) return (await input.ReadLineAsync())?.TrimEnd('\r') is { Length: > 0 } line ? line
            : throw new AdministrationException("No password on standard input.");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        if (!interactive) return null;
        var first = PromptHidden("Password: ");
        if (PromptHidden("Password (again): ") != first) throw new AdministrationException("The two passwords didn't match.");
        return first;
    }

    private string PromptHidden(string prompt)
    {
        output.Write(prompt);
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) { if (password.Length > 0) password.Length--; }
            else if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }
        output.WriteLine();
        return password.ToString();
    }
}
