using System.CommandLine;
using PermissionsAdmin.Web.Demo;

namespace PermissionsAdmin.Web.Cli;

public sealed partial class ManageCli
{
    private Command SeedDemoCommand()
    {
        var command = new Command("seed-demo",
            "Create the demo users creator, subscriber and editor (one per group) and two sample posts. " +
            "Prints each new user's password once; existing users are left alone.");
        command.SetAction((_, _) => RunAsync(prepare: true, async services =>
        {
            var result = await services.GetRequiredService<DemoSeeder>().SeedAsync();
            foreach (var account in result.Accounts)
            {
                await output.WriteLineAsync(account.Created
                    ? $"{account.UserName}  {account.Password}"
                    : $"{account.UserName}  already exists; password unchanged");
            }
            if (result.PostsCreated > 0) await output.WriteLineAsync($"Created {result.PostsCreated} sample posts.");
            if (result.Accounts.Any(a => a.Created)) await output.WriteLineAsync("Note the passwords now: they are not shown again.");
        }));
        return command;
    }
}
