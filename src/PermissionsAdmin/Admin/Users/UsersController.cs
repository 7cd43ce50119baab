using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Data;
using PermissionsAdmin.Forms;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Users;

/// <summary>Users: the list with search, filters and bulk actions; add, edit, password, unlock and history.</summary>
[Route("users")]
public sealed class UsersController(
    PermissionsDbContext db,
    UserAdministration users,
    GroupAdministration groups,
    PermissionChoices permissionChoices,
    AdminReferenceLists lists,
    SignInManager<PermissionsUser> signInManager,
    SubstringSearch search,
    IOptions<PermissionsAdminOptions> options,
    TimeProvider clock) : AdminController
{
    public const string IncompleteForm = "The form is incomplete (its concurrency stamp is missing); reload the page and try again.";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] UserListQuery query)
    {
        if (!Rights.ViewUsers) return Forbidden();
        if (RefuseUnknownParameters(ListParameters) is { } refused) return refused;
        var page = await UserSearch.PageAsync(db, search, query, PageSize, options.Value.ExactCountLimit, Aborted);
        return View(new UserListPage(query, page.Rows, page.PreviousCursor, page.NextCursor, page.Count!, await GroupOptionsAsync()));
    }

    /// <summary>A bulk action on the selected users; deleting goes through a confirmation page first.</summary>
    [HttpPost("action")]
    public async Task<IActionResult> Bulk(string? action, List<int>? ids, int? groupId, string? returnUrl, bool selectAcross, UserListQuery across)
    {
        var back = SafeReturnUrl(returnUrl);
        if (action == "delete" ? !Rights.DeleteUsers : !Rights.ChangeUsers) return Forbidden();
        if (selectAcross)
        {
            // "Select all N users": every user the list's search and filters match now, not only the page's.
            ids = await (await UserSearch.FilterAsync(db, search, across, QueryPlan.Count, cancellationToken: Aborted)).Select(u => u.Id).Take(UserSearch.ByIdLimit + 1).ToListAsync(Aborted);
            if (ids.Count > UserSearch.ByIdLimit)
            {
                Error(T["More than {0:N0} users match; narrow the list to act on all of them at once.", UserSearch.ByIdLimit] + " " + T["No users were changed."]);
                return Redirect(back);
            }
        }
        if (ids is not { Count: > 0 })
        {
            Error(T["Select one or more users to act on. No users were changed."]);
            return Redirect(back);
        }
        if (action == "delete") return await DeleteConfirmationAsync(ids, back);
        try
        {
            switch (action)
            {
                case "add_to_group" or "remove_from_group" when groupId is null:
                    throw new AdministrationException(T["Choose a group for this action."]);
                case "add_to_group":
                    await groups.AddMembersAsync(groupId!.Value, ids);
                    Success(T["Added {0} to group “{1}”.", Count(ids), (await groups.GetAsync(groupId.Value)).Name!]);
                    break;
                case "remove_from_group":
                    await groups.RemoveMembersAsync(groupId!.Value, ids);
                    Success(T["Removed {0} from group “{1}”.", Count(ids), (await groups.GetAsync(groupId.Value)).Name!]);
                    break;
                case "activate" or "deactivate":
                    var active = action == "activate";
                    await users.UpdateManyAsync(ids, new UserEdit { IsActive = active });
                    Success(active ? T["Activated {0}.", Count(ids)] : T["Deactivated {0}.", Count(ids)]);
                    break;
                default:
                    throw new AdministrationException(T["Choose an action."]);
            }
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            Error(refused.Message + " " + T["No users were changed."]);
        }
        return Redirect(back);
    }

    [HttpPost("delete")]
    public async Task<IActionResult> DeleteSelected(List<int>? ids, string? returnUrl)
    {
        if (!Rights.DeleteUsers) return Forbidden();
        var back = SafeReturnUrl(returnUrl);
        if (!ModelState.IsValid || ids is not { Count: > 0 })
        {
            Error(T["Select one or more users to delete. No users were deleted."]);
            return Redirect(back);
        }
        try
        {
            await users.DeleteAsync(ids);
            Success(T["Deleted {0}.", Count(ids)]);
            return Redirect(back);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", refused.Message + " " + T["No users were deleted."]);
            return await DeleteConfirmationAsync(ids, back);
        }
    }

    /// <summary>The confirmation for one user, from the Delete button of their change page.</summary>
    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id)
    {
        if (!Rights.DeleteUsers) return Forbidden();
        if (!await db.Users.AnyAsync(u => u.Id == id)) return Gone(T["User"], id, Url.Action(nameof(Index))!);
        return await DeleteConfirmationAsync([id], Url.Action(nameof(Index))!);
    }

    /// <summary>
    /// Suggestions for a field that takes user names (a group's new members, an object grant's holder): users matching
    /// <paramref name="q"/> as the list's search does, as JSON, first by user name.
    /// </summary>
    [HttpGet("choices")]
    public async Task<IActionResult> Choices(string? q)
    {
        if (!Rights.ViewUsers) return Forbidden();
        if (string.IsNullOrWhiteSpace(q)) return Json(Array.Empty<FilterChoice>());
        var found = await UserSearch.PageAsync(db, search, new UserListQuery { Q = q }, SuggestedChoices, cancellationToken: Aborted);
        return Json(found.Rows.Select(u => new FilterChoice(u.UserName,
            string.Join(" · ", new[] { u.Email, $"{u.FirstName} {u.LastName}".Trim() }.Where(part => !string.IsNullOrEmpty(part))))));
    }

    /// <summary>What the list's query string may hold: <see cref="UserListQuery"/>'s properties.</summary>
    private static readonly string[] ListParameters = typeof(UserListQuery).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToArray();

    [HttpGet("add")]
    public IActionResult Add()
    {
        if (!Rights.AddUsers) return Forbidden();
        return View(new AddUserForm());
    }

    [HttpPost("add")]
    public async Task<IActionResult> Add(AddUserForm form, string? next)
    {
        if (!Rights.AddUsers) return Forbidden();
        if (!ModelState.IsValid) return View(form);
        try
        {
            var user = await users.CreateAsync(form.UserName!.Trim(), null, form.Password);
            if (next == "add")
            {
                Success(T["The user “{0}” was added. You may add another user below.", user.UserName!]);
                return RedirectToAction(nameof(Add));
            }
            // As Django's user admin: the add form asks only for a name and password, so the next stop is the rest of them.
            Success(T["The user “{0}” was added. You may edit it again below.", user.UserName!]);
            return Redirect(Url.AdminUser(user.Id));
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", refused.Message);
            return View(form);
        }
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id)
    {
        if (!Rights.ViewUsers) return Forbidden();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return Gone(T["User"], id, Url.Action(nameof(Index))!);
        var holdings = await HoldingsAsync(id);
        var form = new UserForm
        {
            UserName = user.UserName,
            Email = user.Email,
            FirstName = user.FirstName,
            LastName = user.LastName,
            IsActive = user.IsActive,
            IsStaff = user.IsStaff,
            IsSuperuser = user.IsSuperuser,
            GroupIds = holdings.GroupEnds.Keys.ToList(),
            PermissionIds = holdings.PermissionEnds.Keys.ToList(),
            ConcurrencyStamp = user.ConcurrencyStamp,
        };
        return View(await EditPageAsync(user, form, holdings));
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, UserForm form, string? next)
    {
        if (!Rights.ChangeUsers) return Forbidden();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return NotFoundPage("user");
        if (string.IsNullOrEmpty(form.ConcurrencyStamp)) ModelState.AddModelError("", T[IncompleteForm]);
        DateTimeOffset? expiresAt = null;
        if (!string.IsNullOrWhiteSpace(form.ExpiresAt))
        {
            if (DateTimeLocalInput.TryParseUtc(form.ExpiresAt, out var until)) expiresAt = until;
            else ModelState.AddModelError(nameof(UserForm.ExpiresAt), T["Enter a date and time (UTC), such as 2030-12-31 18:00."]);
        }
        DateTime? shownAt = null;
        if (!string.IsNullOrEmpty(form.ShownAt))
        {
            if (DateTime.TryParse(form.ShownAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var shown)) shownAt = shown;
            else ModelState.AddModelError("", T["The form is damaged (the time it was shown is not valid); reload the page and try again."]);
        }
        var notRenewed = ModelState.IsValid && shownAt is { } since ? await DropEndedWhileShownAsync(id, form, since) : [];
        if (ModelState.IsValid)
        {
            try
            {
                await users.UpdateAsync(id, form.ConcurrencyStamp, new UserEdit
                {
                    UserName = form.UserName!.Trim(),
                    Email = form.Email?.Trim() ?? "",
                    FirstName = form.FirstName?.Trim() ?? "",
                    LastName = form.LastName?.Trim() ?? "",
                    IsActive = form.IsActive,
                    IsStaff = form.IsStaff,
                    IsSuperuser = form.IsSuperuser,
                    GroupIds = form.GroupIds ?? [],
                    PermissionIds = form.PermissionIds ?? [],
                    ExpiresAt = expiresAt,
                });
                Success(T["The user “{0}” was changed successfully.", form.UserName!.Trim()] +
                    (notRenewed.Count == 0 ? "" : " " + T["Ended while the page was open, so not renewed: {0}.", string.Join(", ", notRenewed)]));
                return Redirect(next == "continue" ? Url.AdminUser(id) : Url.Action(nameof(Index))!);
            }
            catch (AdministrationException refused)
            {
                db.ChangeTracker.Clear();
                ModelState.AddModelError(refused.Field == nameof(UserEdit.ExpiresAt) ? nameof(UserForm.ExpiresAt) : "", refused.Message);
                user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id);
            }
        }
        return View(await EditPageAsync(user, form, await HoldingsAsync(id)));
    }

    [HttpGet("{id:int}/password")]
    public async Task<IActionResult> Password(int id)
    {
        if (!Rights.ChangeUsers) return Forbidden();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return Gone(T["User"], id, Url.Action(nameof(Index))!);
        ViewData["User"] = user;
        return View(new SetPasswordForm());
    }

    [HttpPost("{id:int}/password")]
    public async Task<IActionResult> Password(int id, SetPasswordForm form)
    {
        if (!Rights.ChangeUsers) return Forbidden();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return NotFoundPage("user");
        ViewData["User"] = user;
        if (!ModelState.IsValid) return View(form);
        try
        {
            await users.SetPasswordAsync(id, form.Password!);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", refused.Message);
            return View(form);
        }
        // The new security stamp ends the user's sign-ins; one's own continues with a fresh cookie (Django's update_session_auth_hash).
        if (id == Rights.UserId) await signInManager.RefreshSignInAsync(await users.GetAsync(id));
        Success(T["The password of “{0}” was changed.", user.UserName!]);
        return Redirect(Url.AdminUser(id));
    }

    [HttpPost("{id:int}/unlock")]
    public async Task<IActionResult> Unlock(int id)
    {
        if (!Rights.ChangeUsers) return Forbidden();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return NotFoundPage("user");
        try
        {
            await users.UnlockAsync(id);
            Success(T["“{0}” was unlocked and can sign in again.", user.UserName!]);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            Error(refused.Message);
        }
        return Redirect(Url.AdminUser(id));
    }

    [HttpGet("{id:int}/history")]
    public async Task<IActionResult> History(int id, int page = 1)
    {
        if (!Rights.ViewUsers) return Forbidden();
        var name = await db.Users.Where(u => u.Id == id).Select(u => u.UserName).FirstOrDefaultAsync();
        if (name is null) return Gone(T["User"], id, Url.Action(nameof(Index))!);
        var (entries, hasNext) = await AuditQueries.ObjectPageAsync(db, UserAdministration.ObjectType, id, page, PageSize);
        return View("~/Admin/Views/Shared/ObjectHistory.cshtml",
            new ObjectHistoryPage("user", id, name, Url.AdminUser(id), entries, Math.Max(1, page), hasNext));
    }

    /// <summary>
    /// Takes out of the posted sets the memberships and grants that ended since the form was shown, which it posts
    /// back as kept; returns their names.
    /// </summary>
    private async Task<List<string>> DropEndedWhileShownAsync(int userId, UserForm form, DateTime shownAt)
    {
        var (groupIds, permissionIds) = await EndedWhileShown.FindAsync(db, userId, shownAt, clock.GetUtcNow().UtcDateTime);
        var droppedGroups = (form.GroupIds ?? []).Intersect(groupIds).ToHashSet();
        var droppedPermissions = (form.PermissionIds ?? []).Intersect(permissionIds).ToHashSet();
        if (droppedGroups.Count + droppedPermissions.Count == 0) return [];
        form.GroupIds = form.GroupIds?.Except(droppedGroups).ToList();
        form.PermissionIds = form.PermissionIds?.Except(droppedPermissions).ToList();
        return (await GroupOptionsAsync()).Where(g => droppedGroups.Contains(g.Id)).Select(g => g.Name)
            .Concat((await permissionChoices.AllAsync()).Where(p => droppedPermissions.Contains(p.Id)).Select(p => p.FullName))
            .ToList();
    }

    /// <summary>What the user holds as stored, with the ends (a posted form's groups and permissions may differ).</summary>
    private async Task<UserHoldings> HoldingsAsync(int userId) => new(
        await db.UserRoles.Where(m => m.UserId == userId).ToDictionaryAsync(m => m.RoleId, m => m.ExpiresAt),
        await db.UserPermissions.Where(g => g.UserId == userId).ToDictionaryAsync(g => g.PermissionId, g => g.ExpiresAt));

    private async Task<UserEditPage> EditPageAsync(PermissionsUser user, UserForm form, UserHoldings holdings)
    {
        var self = user.Id == Rights.UserId;
        var canEdit = Rights.ChangeUsers && (!user.IsSuperuser || Rights.IsSuperuser);
        var lockedFlags = self && !Rights.IsSuperuser;
        var readOnlyReason = !Rights.ChangeUsers ? T["You can view this user but not change it."].Value
            : !canEdit ? T["Only a superuser can change a superuser."].Value
            : null;
        var groupOptions = (await GroupOptionsAsync())
            .Select(g => new ChooserOption(g.Id.ToString(CultureInfo.InvariantCulture), WithEnd(g.Name, holdings.GroupEnds, g.Id), null,
                (form.GroupIds ?? []).Contains(g.Id)))
            .ToList();
        var permissionOptions = (await permissionChoices.OptionsAsync(form.PermissionIds ?? []))
            .Select(o => o with { Text = WithEnd(o.Text, holdings.PermissionEnds, int.Parse(o.Value, CultureInfo.InvariantCulture)) })
            .ToList();
        var grantHelp = Rights.IsSuperuser ? null : T["You can grant only permissions you hold, and add users only to groups whose permissions you all hold."].Value;
        return new UserEditPage(
            user.Id,
            user.UserName!,
            form,
            new ChooserModel(nameof(UserForm.GroupIds), T["Groups"], groupOptions, Locked: lockedFlags || !canEdit,
                Help: T["The user gets every permission of each of their groups."] + (grantHelp is null ? "" : " " + grantHelp)),
            new ChooserModel(nameof(UserForm.PermissionIds), T["User permissions"], permissionOptions, Locked: lockedFlags || !canEdit,
                Help: T["Permissions granted to this user directly, on top of their groups'."]),
            await EffectivePermissions.OfUserAsync(db, permissionChoices, user.Id, holdings.PermissionEnds),
            clock.GetUtcNow().UtcDateTime,
            user.IsSuperuser,
            user.IsActive,
            user.DateJoined,
            user.LastLogin,
            user.LockoutEnd is { } end && end > clock.GetUtcNow(),
            user.LockoutEnd,
            canEdit,
            lockedFlags || !canEdit,
            !Rights.IsSuperuser || !canEdit,
            readOnlyReason);
    }

    /// <summary>A group's or a permission's name in the chooser, with the end of the user's membership or grant if it has one.</summary>
    private string WithEnd(string name, IReadOnlyDictionary<int, DateTime?> ends, int id) =>
        ends.GetValueOrDefault(id) is { } end ? T["{0} (until {1})", name, AdminHtml.When(end)] : name;

    private async Task<IActionResult> DeleteConfirmationAsync(List<int> ids, string back)
    {
        var wanted = ids.Distinct().ToList();
        var groupCounts = await db.UserRoles.Where(m => wanted.Contains(m.UserId)).GroupBy(m => m.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var permissionCounts = await db.UserPermissions.Where(p => wanted.Contains(p.UserId)).GroupBy(p => p.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var objectGrantCounts = await db.UserObjectPermissions.Where(p => wanted.Contains(p.UserId)).GroupBy(p => p.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var tokenCounts = await db.PersonalAccessTokens.Where(t => wanted.Contains(t.UserId)).GroupBy(t => t.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var targets = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).OrderBy(u => u.NormalizedUserName)
            .Select(u => new { u.Id, u.UserName, u.IsSuperuser }).ToListAsync();
        return View("Delete", new DeleteUsersPage(
            targets.Select(u => new UserDeletion(u.Id, u.UserName!, u.IsSuperuser, groupCounts.GetValueOrDefault(u.Id),
                permissionCounts.GetValueOrDefault(u.Id), objectGrantCounts.GetValueOrDefault(u.Id), tokenCounts.GetValueOrDefault(u.Id))).ToList(),
            back));
    }

    private Task<IReadOnlyList<GroupOption>> GroupOptionsAsync() => lists.GroupsAsync(db);

    private string SafeReturnUrl(string? returnUrl) =>
        Url.LocalWithin(returnUrl, Url.Action(nameof(Index))!);

    private string Count(IReadOnlyCollection<int> ids)
    {
        var count = ids.Distinct().Count();
        return count == 1 ? T["1 user"] : T["{0} users", count];
    }
}
