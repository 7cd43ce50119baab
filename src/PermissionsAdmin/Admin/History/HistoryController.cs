using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Sync;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.History;

/// <summary>History: every audit entry, newest first, filtered by actor, object (type and id), action and dates.</summary>
[Route("history")]
public sealed class HistoryController(PermissionsDbContext db, PermissionCatalogue catalogue, AdminEntities entities) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] HistoryQuery query)
    {
        if (!Rights.ViewHistory) return Forbidden();
        query.Page = Math.Max(1, query.Page);
        var filter = new AuditFilter(query.Actor, query.Type, query.Id, query.Action,
            Since: query.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            Until: query.To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var entries = filter.Apply(db.AuditEntries.AsNoTracking());
        var (rows, hasNext) = await AuditQueries.PageAsync(db, entries, query.Page, PageSize, links: (catalogue, entities, Url));
        return View(new HistoryPage(query, rows, hasNext, ObjectTypeChoices(query.Type)));
    }

    /// <summary>Users, groups and permissions first, then every other type with permissions (objects get grants too).</summary>
    private List<string> ObjectTypeChoices(string? current)
    {
        List<string> types = [UserAdministration.ObjectType, GroupAdministration.ObjectType, PermissionSynchronizer.ObjectType];
        types.AddRange(catalogue.ContentTypes.Where(c => c.Permissions.Count > 0).Select(c => $"{c.AppLabel}.{c.Model}")
            .Where(t => !types.Contains(t)).Order(StringComparer.Ordinal));
        if (!string.IsNullOrWhiteSpace(current) && !types.Contains(current)) types.Add(current);
        return types;
    }
}
