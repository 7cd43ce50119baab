using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Sync;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Api.Permissions;

/// <summary>
/// /permissions: the catalogue as the admin's permissions page shows it (auth.view_permission), stale permissions
/// included and flagged; and, as on that page, their removal by a superuser through the synchronizer (which audits it).
/// </summary>
internal static class PermissionsEndpoints
{
    public static void MapPermissionCatalogueApi(this RouteGroupBuilder api)
    {
        var permissions = api.MapGroup("/permissions").WithTags("Permissions");

        permissions.MapGet("", ListAsync).WithName("ListPermissions")
            .RequirePermission(AuthPermissions.ViewPermission)
            .WithSummary("Every stored permission, by app, entity and codename, with how many groups and users hold it; filter by app, entity or stale.");
        permissions.MapPost("/remove-stale", RemoveStaleAsync).WithName("RemoveStalePermissions")
            .WithSummary("Superusers only: removes the stale permissions with their grants (each removal is audited).");
    }

    private static async Task<Ok<PermissionCatalogueResponse>> ListAsync(
        PermissionsDbContext db, PermissionChoices choices, string? app, string? entity, bool? stale)
    {
        var groups = await db.GroupPermissions.GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var users = await db.UserPermissions.GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var rows = (await choices.AllAsync())
            .Where(p => app is null || string.Equals(p.AppLabel, app, StringComparison.OrdinalIgnoreCase))
            .Where(p => entity is null || string.Equals(p.Model, entity, StringComparison.OrdinalIgnoreCase))
            .Where(p => stale is null || p.IsStale == stale)
            .Select(p => new CataloguePermission(p.Id, p.FullName, p.Label, p.AppLabel, p.Model, p.ModelName, p.Codename, p.Name, p.IsStale,
                groups.GetValueOrDefault(p.Id), users.GetValueOrDefault(p.Id)))
            .ToList();
        return TypedResults.Ok(new PermissionCatalogueResponse(rows));
    }

    private static async Task<Ok<RemovedStalePermissions>> RemoveStaleAsync(DelegationRules rules, PermissionSynchronizer synchronizer)
    {
        // The synchronizer refuses non-superusers only when there is something to remove; the admin's page always does.
        await rules.RequireSuperuserAsync(Messages.Get("remove stale permissions"));
        var report = await synchronizer.SyncAsync(removeStale: true);
        return TypedResults.Ok(new RemovedStalePermissions(report.StalePermissions.Where(s => report.RemovedPermissions.Contains(s.Name)).ToList()));
    }
}
