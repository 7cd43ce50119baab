using System.CommandLine;
using PermissionsAdmin.Management;
using PermissionsAdmin.Web.Demo;

namespace PermissionsAdmin.Web.Cli;

/// <summary><c>seed-demo</c>: the demo's users, groups and sample posts.</summary>
internal sealed class SeedDemoCommand : IManagementCommand
{
    public Command Create(ManagementCli cli)
    {
        var command = new Command("seed-demo",
            "Create the demo users creator, subscriber and editor (one per group) and two sample posts. " +
            "Prints each new user's password once; existing users are left alone.");
        command.SetAction((_, _) => cli.ExecuteAsync(syncPermissions: true, async services =>
        {
            var result = await services.GetRequiredService<DemoSeeder>().SeedAsync();
            foreach (var account in result.Accounts)
            {
                await cli.Output.WriteLineAsync(account.Created
                    ? $"{account.UserName}  {account.Password}"
                    : $"{account.UserName}  already exists; password unchanged");
            }
            if (result.PostsCreated > 0) await cli.Output.WriteLineAsync($"Created {result.PostsCreated} sample posts.");
            if (result.Accounts.Any(a => a.Created)) await cli.Output.WriteLineAsync("Note the passwords now: they are not shown again.");
        }));
        return command;
    }
}
