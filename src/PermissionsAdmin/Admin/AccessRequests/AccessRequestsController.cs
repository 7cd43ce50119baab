using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Admin.AccessRequests;

/// <summary>
/// The access requests page: the requests the staff user may see as an approver, each with what it would give, how the
/// group changed since, and why they cannot approve it if they cannot; approve or deny with a comment. The rules are
/// the service's (<see cref="AccessRequestAdministration"/>): the page only shows them and says its refusals.
/// </summary>
[Route("access-requests")]
public sealed class AccessRequestsController(PermissionsDbContext db, AccessRequestAdministration access) : AdminController
{
    public const string ApprovedMessage = "The request of {0} for “{1}” was approved.";
    public const string DeniedMessage = "The request of {0} for “{1}” was denied.";

    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new AccessRequestListPage(await access.PendingAsync()));

    /// <summary>Approves; <paramref name="seenPermissions"/> are the group's permissions as the page showed them.</summary>
    [HttpPost("{id:int}/approve")]
    public Task<IActionResult> Approve(int id, string? comment, List<string>? seenPermissions) =>
        DecideAsync(id, comment, () => access.ApproveAsync(id, comment, seenPermissions ?? []), (user, group) => T[ApprovedMessage, user, group]);

    [HttpPost("{id:int}/deny")]
    public Task<IActionResult> Deny(int id, string? comment) =>
        DecideAsync(id, comment, () => access.DenyAsync(id, comment), (user, group) => T[DeniedMessage, user, group]);

    private async Task<IActionResult> DecideAsync(int id, string? comment, Func<Task> decide, Func<string, string, string> done)
    {
        var request = await db.AccessRequests.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { UserName = r.User.UserName!, GroupName = r.Group.Name! }).FirstOrDefaultAsync(Aborted);
        if (request is null) return NotFoundPage(T["access request"]);
        try
        {
            await decide();
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(refused.Field == "Comment" ? "comment" : "", refused.Message);
            var page = View(nameof(Index), new AccessRequestListPage(await access.PendingAsync(), id, comment));
            page.StatusCode = refused switch
            {
                ConcurrencyConflictException => StatusCodes.Status409Conflict,
                AdministrationDeniedException => StatusCodes.Status403Forbidden,
                AdministrationNotFoundException => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status400BadRequest,
            };
            return page;
        }
        Success(done(request.UserName, request.GroupName));
        return RedirectToAction(nameof(Index));
    }
}
