using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.History;

/// <summary>/admin/history: every audit entry, newest first, filtered by actor, object (type and id), action and dates.</summary>
[Route("admin/history")]
public sealed class HistoryController(PermissionsDbContext db, PermissionCatalogue catalogue) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] HistoryQuery query)
    {
        if (!Rights.ViewHistory) return Forbidden();
        query.Page = Math.Max(1, query.Page);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            entries = entries.Where(e => e.ActorName == actor);
        }
        if (!string.IsNullOrWhiteSpace(query.Type)) entries = entries.Where(e => e.ObjectType == query.Type);
        if (!string.IsNullOrWhiteSpace(query.Id))
        {
            var id = query.Id.Trim();
            entries = entries.Where(e => e.ObjectId == id);
        }
        if (query.Action is { } action) entries = entries.Where(e => e.Action == action);
        if (query.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.At >= start);
        }
        if (query.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.At < end);
        }
        var (rows, hasNext) = await AuditQueries.PageAsync(db, entries, query.Page, PageSize, links: catalogue);
        return View(new HistoryPage(query, rows, hasNext, ObjectTypeChoices(query.Type)));
    }

    /// <summary>Users, groups and permissions first, then every other type with permissions (objects get grants too).</summary>
    private List<string> ObjectTypeChoices(string? current)
    {
        List<string> types = [UserAdministration.ObjectType, GroupAdministration.ObjectType, "auth.permission"];
        types.AddRange(catalogue.ContentTypes.Where(c => c.Permissions.Count > 0).Select(c => $"{c.AppLabel}.{c.Model}")
            .Where(t => !types.Contains(t)).Order(StringComparer.Ordinal));
        if (!string.IsNullOrWhiteSpace(current) && !types.Contains(current)) types.Add(current);
        return types;
    }
}
