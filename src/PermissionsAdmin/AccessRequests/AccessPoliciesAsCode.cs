using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.AccessRequests;

/// <summary>
/// Applies the configured request policies (<see cref="AccessRequestOptions.Groups"/>) at startup, after groups as code:
/// each named group's policy is created, or set back to the configuration, and marked as the configuration's. The group
/// and its approver group are found as groups as code finds them (their binding, else their name), so renaming them in
/// the admin changes nothing; a name no group has stops startup.
/// </summary>
internal sealed class AccessPoliciesAsCode(
    PermissionsDbContext db,
    AccessRequestAdministration requests,
    RoleManager<PermissionsGroup> roles,
    ActorAccessor actors,
    IOptions<AccessRequestOptions> options)
{
    /// <summary>Returns one line per policy set.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync()
    {
        var changes = new List<string>();
        foreach (var (name, declared) in options.Value.Groups)
        {
            var key = $"{AccessRequestOptions.SectionName}:Groups:{name}";
            var group = await FindAsync(name)
                ?? throw new InvalidOperationException($"Configuration {key} names no group: create '{name}' first (PermissionsAdmin:Groups declares groups).");
            // The approver group is named as the configuration knows it, which a rename in the admin does not change.
            var settings = declared.ApproverGroup is { } approvers && await FindAsync(approvers) is { } approverGroup
                ? declared with { ApproverGroup = approverGroup.Name }
                : declared;
            using var actor = actors.ActAs(Actor.System("startup", $"access requests as code: {key}"));
            try
            {
                if (await requests.SetPolicyAsync(group.Id, settings, configured: true)) changes.Add($"set the access policy of group {group.Name}");
            }
            catch (AdministrationException e)
            {
                throw new InvalidOperationException($"Configuration {key}: {e.Message}", e);
            }
        }
        return changes;
    }

    /// <summary>A group the configuration names: the one bound to that name by groups as code, else the one of that name.</summary>
    private async Task<PermissionsGroup?> FindAsync(string name)
    {
        var normalized = roles.NormalizeKey(name);
        return await db.Roles.AsNoTracking().FirstOrDefaultAsync(g => g.ConfiguredName == normalized) ?? await roles.FindByNameAsync(name);
    }
}
