using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Model;
using PermissionsAdmin.Notices;

namespace PermissionsAdmin.Web.Account;

/// <summary>
/// /account/access: a signed-in user's notices, the groups they may ask for (on each group's terms) and their
/// requests, with a form per group and a withdraw button per pending request. The rules are the service's
/// (<see cref="AccessRequestAdministration"/>); a refused form is shown again with its error at its field and a 4xx.
/// </summary>
[Route("account/access")]
[Authorize]
public sealed class AccessController(
    AccessRequestAdministration access, Notifier notifier, UserManager<PermissionsUser> users, IMemoryCache cache, TimeProvider clock) : Controller
{
    public const string FormPrefix = "Form";

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var page = await PageAsync(posted: null);
        // Read before marking, so the page can show which notices are new.
        await notifier.MarkReadAsync(UserId);
        UnreadNotices.Forget(cache, UserId);
        return View(page);
    }

    [HttpPost("request")]
    public async Task<IActionResult> Ask([Bind(Prefix = FormPrefix)] AccessRequestForm form)
    {
        // Only a forged form posts a group id that is not a number, or not positive; a well-formed id of no requestable group is a 404 below.
        if (ModelState[$"{FormPrefix}.{nameof(form.GroupId)}"] is { Errors.Count: > 0 } || form.GroupId <= 0) return BadRequest();
        if (!RequestDurations.TryRead(form.Duration, out var duration))
        {
            ModelState.AddModelError($"{FormPrefix}.{nameof(form.Duration)}", "Choose one of the lengths offered.");
            return await RefusedAsync(form, StatusCodes.Status400BadRequest);
        }
        try
        {
            await access.RequestAsync(form.GroupId, form.Justification, duration);
        }
        catch (AdministrationNotFoundException)
        {
            return NotFound();
        }
        catch (AdministrationDeniedException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (ConcurrencyConflictException conflict)
        {
            ModelState.AddModelError("", conflict.Message);
            return await RefusedAsync(form, StatusCodes.Status409Conflict);
        }
        catch (AdministrationException refused)
        {
            ModelState.AddModelError(refused.Field is "Justification" or "Duration" ? $"{FormPrefix}.{refused.Field}" : "", refused.Message);
            return await RefusedAsync(form, StatusCodes.Status400BadRequest);
        }
        TempData.SetStatusMessage("Your request was sent. You will find the decision here, and by e-mail.");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id)
    {
        try
        {
            await access.WithdrawAsync(id);
        }
        catch (AdministrationNotFoundException)
        {
            return NotFound();
        }
        catch (ConcurrencyConflictException conflict)
        {
            ModelState.AddModelError("", conflict.Message);
            return await RefusedAsync(null, StatusCodes.Status409Conflict);
        }
        TempData.SetStatusMessage("Your request was withdrawn.");
        return RedirectToAction(nameof(Index));
    }

    private int UserId => int.Parse(users.GetUserId(User)!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ViewResult> RefusedAsync(AccessRequestForm? form, int status)
    {
        var view = View(nameof(Index), await PageAsync(form));
        view.StatusCode = status;
        return view;
    }

    private async Task<AccessPage> PageAsync(AccessRequestForm? posted)
    {
        var groups = (await access.RequestableAsync()).Select(group => posted?.GroupId == group.GroupId
            ? new RequestableGroupForm(group, posted, Posted: true)
            : new RequestableGroupForm(group, new AccessRequestForm { GroupId = group.GroupId }, Posted: false)).ToList();
        return new AccessPage(await notifier.LatestAsync(UserId, 10), groups, await access.MineAsync(), clock.GetUtcNow().UtcDateTime);
    }
}
