using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Management;

public sealed partial class ManagementCli
{
    private Command GroupsCommand()
    {
        var groups = new Command("groups", "Create groups, manage their members and permissions, make them requestable.");

        var name = new Argument<string>("name");
        var perms = new Option<string[]>("--perm") { Description = "A permission the group holds (repeatable).", AllowMultipleArgumentsPerToken = true };
        var create = new Command("create", "Create a group, optionally with permissions.") { name, perms };
        create.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
        {
            var group = await services.GetRequiredService<GroupAdministration>()
                .CreateAsync(parse.GetValue(name)!, parse.GetValue(perms) ?? []);
            await output.WriteLineAsync($"Group '{group.Name}' created.");
        }));
        groups.Add(create);

        foreach (var (verb, add) in new[] { ("add-member", true), ("remove-member", false) })
        {
            var group = new Argument<string>("group");
            var user = new Argument<string>("user");
            var command = new Command(verb, $"{(add ? "Add a user to a group, for good or until an end" : "Remove a user from a group")}.") { group, user };
            var ends = add ? new EndOptions(command) : null;
            command.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
            {
                var expiresAt = ends?.Read(parse, services.GetRequiredService<TimeProvider>());
                var administration = services.GetRequiredService<GroupAdministration>();
                var target = await administration.FindAsync(parse.GetValue(group)!);
                var member = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetValue(user)!);
                if (add) await administration.AddMemberAsync(target, member, expiresAt);
                else await administration.RemoveMemberAsync(target, member);
                await output.WriteLineAsync(
                    $"{(add ? "Added" : "Removed")} '{member.UserName}' {(add ? "to" : "from")} group '{target.Name}'{Until(expiresAt)}.");
            }));
            groups.Add(command);
        }

        foreach (var (verb, grant) in new[] { ("grant", true), ("revoke", false) })
        {
            var group = new Argument<string>("group");
            var permission = new Argument<string>("permission") { Description = "app_label.codename" };
            var command = new Command(verb, $"{(grant ? "Grant a permission to" : "Revoke a permission from")} a group.") { group, permission };
            command.SetAction((parse, _) => ExecuteAsync(syncPermissions: true, async services =>
            {
                var administration = services.GetRequiredService<GroupAdministration>();
                var target = await administration.FindAsync(parse.GetValue(group)!);
                var permissionName = parse.GetValue(permission)!;
                if (grant) await administration.GrantAsync(target, [permissionName]);
                else await administration.RevokeAsync(target, permissionName);
                await output.WriteLineAsync($"{(grant ? "Granted" : "Revoked")} {permissionName} {(grant ? "to" : "from")} group '{target.Name}'.");
            }));
            groups.Add(command);
        }
        foreach (var command in AccessPolicyCommands()) groups.Add(command);
        return groups;
    }
}
