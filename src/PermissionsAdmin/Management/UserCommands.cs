using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Management;

public sealed partial class ManagementCli
{
    public const string SuperuserPasswordVariable = "PERMISSIONSADMIN_SUPERUSER_PASSWORD";

    private Command CreateSuperuserCommand()
    {
        var userName = new Option<string>("--username") { Required = true, Description = "User name." };
        var email = new Option<string>("--email") { Required = true, Description = "E-mail address." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input." };
        var command = new Command("createsuperuser",
            $"Create an active superuser. The password comes from a prompt, --password-stdin or ${SuperuserPasswordVariable}.")
        {
            userName, email, passwordStdin,
        };
        command.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(passwordStdin), Environment.GetEnvironmentVariable(SuperuserPasswordVariable))
                ?? throw new AdministrationException(
                    $"No password given: use --password-stdin, set {SuperuserPasswordVariable}, or run in a terminal.");
            var user = await services.GetRequiredService<UserAdministration>()
                .CreateAsync(parse.GetValue(userName)!, parse.GetValue(email), password, isStaff: true, isSuperuser: true);
            await output.WriteLineAsync($"Superuser '{user.UserName}' created.");
        }));
        return command;
    }

    private Command UsersCommand()
    {
        var users = new Command("users", "Create users, switch them on and off, grant and revoke permissions.");

        var name = new Argument<string>("user");
        var email = new Option<string?>("--email") { Description = "E-mail address." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input." };
        var staff = new Option<bool>("--staff") { Description = "May enter the admin site." };
        var superuser = new Option<bool>("--superuser") { Description = "Holds every permission." };
        var create = new Command("create", "Create a user; without --password-stdin the user has no password yet.")
        {
            name, email, passwordStdin, staff, superuser,
        };
        create.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var password = parse.GetValue(passwordStdin) ? await ReadPasswordAsync(fromStdin: true, fromEnvironment: null) : null;
            var user = await services.GetRequiredService<UserAdministration>().CreateAsync(
                parse.GetValue(name)!, parse.GetValue(email), password, parse.GetValue(staff), parse.GetValue(superuser));
            await output.WriteLineAsync($"User '{user.UserName}' created.");
        }));
        users.Add(create);

        foreach (var (verb, active) in new[] { ("activate", true), ("deactivate", false) })
        {
            var user = new Argument<string>("user");
            var command = new Command(verb, $"{(active ? "Let the user sign in again" : "Take every permission and sign-in away from the user")}.") { user };
            command.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
            {
                var administration = services.GetRequiredService<UserAdministration>();
                var target = await administration.FindAsync(parse.GetValue(user)!);
                await administration.SetActiveAsync(target, active);
                await output.WriteLineAsync($"User '{target.UserName}' {verb}d.");
            }));
            users.Add(command);
        }

        foreach (var (verb, grant) in new[] { ("grant", true), ("revoke", false) })
        {
            var user = new Argument<string>("user");
            var permission = new Argument<string>("permission") { Description = "app_label.codename" };
            var command = new Command(verb, $"{(grant ? "Grant a permission to a user, for good or until an end" : "Revoke a direct permission from a user")}.")
            {
                user, permission,
            };
            var ends = grant ? new EndOptions(command) : null;
            command.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
            {
                var expiresAt = ends?.Read(parse, services.GetRequiredService<TimeProvider>());
                var administration = services.GetRequiredService<UserAdministration>();
                var target = await administration.FindAsync(parse.GetValue(user)!);
                var name = parse.GetValue(permission)!;
                if (grant) await administration.GrantAsync(target, name, expiresAt: expiresAt);
                else await administration.RevokeAsync(target, name);
                await output.WriteLineAsync($"{(grant ? "Granted" : "Revoked")} {name} {(grant ? "to" : "from")} '{target.UserName}'{Until(expiresAt)}.");
            }));
            users.Add(command);
        }
        return users;
    }

    private Command CheckCommand()
    {
        var user = new Argument<string>("user");
        var permission = new Argument<string>("permission") { Description = "app_label.codename" };
        var command = new Command("check", "Print 'allowed' or 'denied' for a user and a permission of the catalogue.") { user, permission };
        command.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var target = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetValue(user)!);
            var name = parse.GetValue(permission)!;
            // An unknown name is a typo, refused as every other door refuses it: a superuser would otherwise be "allowed" it.
            await services.GetRequiredService<PermissionResolver>().ResolveAsync(name);
            var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<PermissionsUser>>().CreateAsync(target);
            var allowed = await services.GetRequiredService<IPermissionChecker>().HasPermissionAsync(principal, name);
            await output.WriteLineAsync(allowed ? "allowed" : "denied");
        }));
        return command;
    }
}
