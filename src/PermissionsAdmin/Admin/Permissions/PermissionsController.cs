using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;
using PermissionsAdmin.Sync;

namespace PermissionsAdmin.Admin.Permissions;

public sealed record PermissionRow(PermissionChoice Permission, int Groups, int Users);

public sealed record PermissionsPage(string? Q, IReadOnlyList<IGrouping<string, PermissionRow>> Entities, int StaleCount);

/// <summary>A stale permission with the grants that go with it.</summary>
public sealed record StaleGrants(string Name, IReadOnlyList<string> Groups, IReadOnlyList<string> Users, int UserGrants);

public sealed record RemoveStalePage(IReadOnlyList<StaleGrants> Stale);

/// <summary>Permissions: the catalogue with how many groups and users hold each permission; stale ones removable.</summary>
[Route("permissions")]
public sealed class PermissionsController(
    PermissionsDbContext db,
    PermissionChoices choices,
    PermissionSynchronizer synchronizer) : AdminController
{
    /// <summary>How many holders of a stale permission the confirmation page names.</summary>
    public const int NamedHolders = 20;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q)
    {
        if (!Rights.ViewPermissions) return Forbidden();
        var all = await choices.AllAsync();
        var groups = await db.GroupPermissions.GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var users = await db.UserPermissions.GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var words = SubstringSearch.Words(q);
        var rows = all
            .Where(p => words.All(w => p.Label.Contains(w, StringComparison.OrdinalIgnoreCase) ||
                p.FullName.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(p => new PermissionRow(p, groups.GetValueOrDefault(p.Id), users.GetValueOrDefault(p.Id)))
            .GroupBy(r => r.Permission.Group)
            .ToList();
        return View(new PermissionsPage(q, rows, all.Count(p => p.IsStale)));
    }

    /// <summary>The confirmation: a dry run of the removal, with the grants that would go.</summary>
    [HttpGet("remove-stale")]
    public async Task<IActionResult> RemoveStale()
    {
        if (!Rights.IsSuperuser) return Forbidden();
        return View(await StalePageAsync());
    }

    [HttpPost("remove-stale")]
    public async Task<IActionResult> RemoveStaleConfirmed()
    {
        if (!Rights.IsSuperuser) return Forbidden();
        // The synchronizer records an audit entry per removed permission, in its transaction.
        var report = await synchronizer.SyncAsync(removeStale: true);
        Success(report.RemovedPermissions.Count == 0
            ? T["There were no stale permissions to remove."]
            : T["Removed {0} stale permission(s) and their grants: {1}.", report.RemovedPermissions.Count, string.Join(", ", report.RemovedPermissions)]);
        return RedirectToAction(nameof(Index));
    }

    private async Task<RemoveStalePage> StalePageAsync()
    {
        var report = await synchronizer.SyncAsync(removeStale: true, dryRun: true);
        var stale = (await choices.AllAsync()).Where(p => p.IsStale).ToDictionary(p => p.FullName, p => p.Id);
        var ids = stale.Values.ToList();
        var groupHolders = await db.GroupPermissions.Where(g => ids.Contains(g.PermissionId))
            .Select(g => new { g.PermissionId, g.Group.Name }).ToListAsync();
        var result = new List<StaleGrants>();
        foreach (var permission in report.StalePermissions)
        {
            var id = stale.GetValueOrDefault(permission.Name);
            var userNames = await db.UserPermissions.Where(g => g.PermissionId == id)
                .OrderBy(g => g.User.NormalizedUserName).Take(NamedHolders).Select(g => g.User.UserName!).ToListAsync();
            result.Add(new StaleGrants(permission.Name,
                groupHolders.Where(g => g.PermissionId == id).Select(g => g.Name!).Order(StringComparer.OrdinalIgnoreCase).ToList(),
                userNames, permission.UserGrants));
        }
        return new RemoveStalePage(result);
    }
}
