using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.History;

/// <summary>/admin/history: every audit entry, newest first, filtered by actor, object type, action and dates.</summary>
[Route("admin/history")]
public sealed class HistoryController(PermissionsDbContext db) : AdminController
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
        var (rows, hasNext) = await AuditQueries.PageAsync(db, entries, query.Page, PageSize, links: true);
        string[] types = [UserAdministration.ObjectType, GroupAdministration.ObjectType, "auth.permission"];
        return View(new HistoryPage(query, rows, hasNext, types));
    }
}
