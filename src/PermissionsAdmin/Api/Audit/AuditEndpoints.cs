using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Api.Audit;

/// <summary>
/// /audit: the log of every change, whichever door it came in by, newest first, filtered like /admin/history; with
/// objectType and objectId, one object's history. Pages are keyset by entry id (ids only grow), so entries added
/// while a client walks the log never shift or repeat a page.
/// </summary>
internal static class AuditEndpoints
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithName("ListAuditEntries").WithTags("Audit")
            .WithSummary("Audit entries, newest first. The whole log needs admin.view_auditentry; one object's history " +
                "(objectType + objectId) is also open to whoever may open that object in the admin.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<Page<AuditEntryResponse>>> ListAsync(
        [AsParameters] AuditLogQuery query, ClaimsPrincipal user, IPermissionChecker checker, PermissionsDbContext db,
        PermissionCatalogue catalogue, DelegationRules rules)
    {
        await new AuditAccess(user, checker, db, catalogue, rules).RequireAsync(query);
        var afterId = ApiInput.AfterLongId(query.Cursor);
        var limit = Cursor.Limit(query.Limit);
        var entries = query.ToFilter().Apply(db.AuditEntries.AsNoTracking());
        if (afterId is { } after) entries = entries.Where(e => e.Id < after);
        var rows = await entries.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync();
        return TypedResults.Ok(Cursor.PageOf(rows.Select(AuditEntryResponse.From).ToList(), limit, e => e.Id));
    }
}
