using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Admin.Localization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Forms;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;
using PermissionsAdmin.Text;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Groups;

/// <summary>Groups: the list, add, edit with members, delete and history.</summary>
[Route("groups")]
public sealed class GroupsController(
    PermissionsDbContext db,
    GroupAdministration groups,
    UserAdministration users,
    PermissionChoices permissionChoices,
    SubstringSearch search,
    AccessRequestAdministration accessRequests) : AdminController
{
    /// <summary>The access-policy fields the service names when it refuses one; any other refusal is the form's.</summary>
    private static readonly HashSet<string> PolicyFields =
    [
        nameof(AccessPolicyForm.RequestPermission), nameof(AccessPolicyForm.ApproverGroup), nameof(AccessPolicyForm.ApproverPermission),
        nameof(AccessPolicyForm.MaxDuration), nameof(AccessPolicyForm.ApprovalsNeeded),
    ];

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1)
    {
        if (!Rights.ViewGroups) return Forbidden();
        if (RefuseUnknownParameters([nameof(q), nameof(page)]) is { } refused) return refused;
        page = Math.Max(1, page);
        var found = await (await GroupSearch.FilterAsync(db, search, q, Aborted)).OrderBy(r => r.NormalizedName).ThenBy(r => r.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).Select(r => new { r.Id, r.Name }).ToListAsync();
        var hasNext = found.Count > PageSize;
        if (hasNext) found.RemoveAt(PageSize);
        var ids = found.Select(g => g.Id).ToList();
        var members = await db.UserRoles.Where(m => ids.Contains(m.RoleId)).GroupBy(m => m.RoleId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var permissions = await db.GroupPermissions.Where(p => ids.Contains(p.GroupId)).GroupBy(p => p.GroupId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var rows = found.Select(g => new GroupRow(g.Id, g.Name!, members.GetValueOrDefault(g.Id), permissions.GetValueOrDefault(g.Id))).ToList();
        return View(new GroupListPage(q, rows, page, hasNext));
    }

    /// <summary>Suggestions for a field that takes a group's name (an object grant's holder), as JSON.</summary>
    [HttpGet("choices")]
    public async Task<IActionResult> Choices(string? q)
    {
        if (!Rights.ViewGroups) return Forbidden();
        if (string.IsNullOrWhiteSpace(q)) return Json(Array.Empty<FilterChoice>());
        var names = await (await GroupSearch.FilterAsync(db, search, q, Aborted)).OrderBy(r => r.NormalizedName)
            .Take(SuggestedChoices).Select(r => r.Name!).ToListAsync(Aborted);
        return Json(names.Select(name => new FilterChoice(name, name)));
    }

    [HttpGet("add")]
    public async Task<IActionResult> Add()
    {
        if (!Rights.AddGroups) return Forbidden();
        return View("Edit", await EditPageAsync(null, new GroupForm(), 1));
    }

    [HttpPost("add")]
    public async Task<IActionResult> Add(GroupForm form, string? next)
    {
        if (!Rights.AddGroups) return Forbidden();
        if (ModelState.IsValid)
        {
            try
            {
                var group = await groups.CreateAsync(form.Name!.Trim(), form.PermissionIds ?? []);
                Success(next switch
                {
                    "continue" => T["The group “{0}” was added. You may edit it again below.", group.Name!],
                    "add" => T["The group “{0}” was added. You may add another group below.", group.Name!],
                    _ => T["The group “{0}” was added.", group.Name!],
                });
                return Redirect(AfterSave(next, group.Id));
            }
            catch (AdministrationException refused)
            {
                db.ChangeTracker.Clear();
                ModelState.AddModelError("", refused.Message);
            }
        }
        return View("Edit", await EditPageAsync(null, form, 1));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, int members = 1)
    {
        if (!Rights.ViewGroups) return Forbidden();
        var group = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (group is null) return Gone(T["Group"], id, Url.Action(nameof(Index))!);
        var form = new GroupForm
        {
            Name = group.Name,
            PermissionIds = await db.GroupPermissions.Where(g => g.GroupId == id).Select(g => g.PermissionId).ToListAsync(),
            ConcurrencyStamp = group.ConcurrencyStamp,
        };
        return View(await EditPageAsync(group, form, members));
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, GroupForm form, string? next)
    {
        if (!Rights.ChangeGroups) return Forbidden();
        var group = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (group is null) return NotFoundPage(T["Group"].InSentence());
        if (string.IsNullOrEmpty(form.ConcurrencyStamp)) ModelState.AddModelError("", T[Users.UsersController.IncompleteForm]);
        if (ModelState.IsValid)
        {
            try
            {
                await groups.UpdateAsync(id, form.ConcurrencyStamp, form.Name!.Trim(), form.PermissionIds ?? []);
                Success(next == "add"
                    ? T["The group “{0}” was changed successfully. You may add another group below.", form.Name!.Trim()]
                    : T["The group “{0}” was changed successfully.", form.Name!.Trim()]);
                return Redirect(AfterSave(next, id));
            }
            catch (AdministrationException refused)
            {
                db.ChangeTracker.Clear();
                ModelState.AddModelError("", refused.Message);
            }
        }
        return View(await EditPageAsync(group, form, 1));
    }

    /// <summary>Adds members by user name or e-mail, comma-separated, for good or until a time (UTC); all or nothing.</summary>
    [HttpPost("{id:int}/members/add")]
    public async Task<IActionResult> AddMembers(int id, string? names, string? expiresAt)
    {
        if (!Rights.ViewGroups || !Rights.ChangeUsers) return Forbidden();
        var group = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (group is null) return NotFoundPage(T["Group"].InSentence());
        var wanted = (names ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        DateTimeOffset? until = null;
        if (!string.IsNullOrWhiteSpace(expiresAt))
        {
            if (DateTimeLocalInput.TryParseUtc(expiresAt, out var end)) until = end;
            else ModelState.AddModelError(nameof(expiresAt), T["Enter a date and time (UTC), such as 2030-12-31 18:00."] + " " + T["No members were added."]);
        }
        if (ModelState.IsValid)
        {
            try
            {
                if (wanted.Count == 0) throw new AdministrationException(T["Enter one or more user names, separated by commas."]);
                var ids = new List<int>();
                foreach (var name in wanted) ids.Add((await users.FindAsync(name)).Id);
                await groups.AddMembersAsync(id, ids, until);
                Success(T["Added {0} to “{1}”.", string.Join(", ", wanted), group.Name!]);
                return Redirect(Url.AdminGroup(id) + "#members");
            }
            catch (AdministrationException refused)
            {
                db.ChangeTracker.Clear();
                ModelState.AddModelError(refused.Field == nameof(UserEdit.ExpiresAt) ? nameof(expiresAt) : "members", refused.Message + " " + T["No members were added."]);
            }
        }
        var form = new GroupForm
        {
            Name = group.Name,
            PermissionIds = await db.GroupPermissions.Where(g => g.GroupId == id).Select(g => g.PermissionId).ToListAsync(),
            ConcurrencyStamp = group.ConcurrencyStamp,
        };
        return View("Edit", await EditPageAsync(group, form, 1, names, expiresAt));
    }

    [HttpPost("{id:int}/members/remove")]
    public async Task<IActionResult> RemoveMembers(int id, List<int>? ids)
    {
        if (!Rights.ViewGroups || !Rights.ChangeUsers) return Forbidden();
        var group = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (group is null) return NotFoundPage(T["Group"].InSentence());
        if (ids is not { Count: > 0 })
        {
            Error(T["Select the members to remove."]);
            return Redirect(Url.AdminGroup(id) + "#members");
        }
        try
        {
            await groups.RemoveMembersAsync(id, ids);
            Success(T["Removed {0} member(s) from “{1}”.", ids.Distinct().Count(), group.Name!]);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            Error(refused.Message + " " + T["No members were removed."]);
        }
        return Redirect(Url.AdminGroup(id) + "#members");
    }

    /// <summary>Makes the group requestable on the form's terms, or no longer (Requestable unticked).</summary>
    [HttpPost("{id:int}/access-policy")]
    public async Task<IActionResult> AccessPolicy(int id, AccessPolicyForm policy)
    {
        if (!Rights.ChangeGroups) return Forbidden();
        var group = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
        if (group is null) return NotFoundPage(T["Group"].InSentence());
        TimeSpan? longest = null;
        if (!string.IsNullOrWhiteSpace(policy.MaxDuration))
        {
            if (ShortDuration.TryParse(policy.MaxDuration, out var length)) longest = length;
            else ModelState.AddModelError(nameof(policy.MaxDuration), T["Enter a length such as {0}, or leave it empty for any.", ShortDuration.Examples]);
        }
        if (ModelState.IsValid)
        {
            try
            {
                await accessRequests.SetPolicyAsync(id, policy.Requestable ? policy.Settings(longest) : null);
                Success(policy.Requestable
                    ? T["The group “{0}” may be requested on the terms saved.", group.Name!]
                    : T["The group “{0}” may not be requested.", group.Name!]);
                return Redirect(Url.AdminGroup(id) + "#access-policy");
            }
            catch (AdministrationException refused)
            {
                db.ChangeTracker.Clear();
                ModelState.AddModelError(refused.Field is { } field && PolicyFields.Contains(field) ? field : "access-policy", refused.Message);
            }
        }
        var form = new GroupForm
        {
            Name = group.Name,
            PermissionIds = await db.GroupPermissions.Where(g => g.GroupId == id).Select(g => g.PermissionId).ToListAsync(),
            ConcurrencyStamp = group.ConcurrencyStamp,
        };
        return View("Edit", await EditPageAsync(group, form, 1, policyForm: policy));
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id)
    {
        if (!Rights.DeleteGroups) return Forbidden();
        var page = await DeletePageAsync(id);
        return page is null ? Gone(T["Group"], id, Url.Action(nameof(Index))!) : View(page);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> DeleteConfirmed(int id)
    {
        if (!Rights.DeleteGroups) return Forbidden();
        var page = await DeletePageAsync(id);
        if (page is null) return NotFoundPage(T["Group"].InSentence());
        try
        {
            await groups.DeleteAsync(id);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", refused.Message);
            return View("Delete", page);
        }
        Success(T["The group “{0}” was deleted.", page.Name]);
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/history")]
    public async Task<IActionResult> History(int id, int page = 1)
    {
        if (!Rights.ViewGroups) return Forbidden();
        var name = await db.Roles.Where(r => r.Id == id).Select(r => r.Name).FirstOrDefaultAsync();
        if (name is null) return Gone(T["Group"], id, Url.Action(nameof(Index))!);
        var (entries, hasNext) = await AuditQueries.ObjectPageAsync(db, GroupAdministration.ObjectType, id, page, PageSize);
        return View("~/Admin/Views/Shared/ObjectHistory.cshtml",
            new ObjectHistoryPage("group", id, name, Url.AdminGroup(id), entries, Math.Max(1, page), hasNext));
    }

    /// <summary>Where Django's three save buttons lead: the group again, a blank add form, or the list.</summary>
    private string AfterSave(string? next, int id) => next switch
    {
        "continue" => Url.AdminGroup(id),
        "add" => Url.Action(nameof(Add))!,
        _ => Url.Action(nameof(Index))!,
    };

    private async Task<GroupDeletePage?> DeletePageAsync(int id)
    {
        var group = await db.Roles.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Id, r.Name }).FirstOrDefaultAsync();
        if (group is null) return null;
        var members = await db.UserRoles.CountAsync(m => m.RoleId == id);
        var permissions = await db.GroupPermissions.Where(g => g.GroupId == id)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync();
        var objectGrants = await db.GroupObjectPermissions.CountAsync(g => g.GroupId == id);
        return new GroupDeletePage(group.Id, group.Name!, members, permissions.Order(StringComparer.Ordinal).ToList(), objectGrants);
    }

    private async Task<GroupEditPage> EditPageAsync(
        PermissionsGroup? group, GroupForm form, int memberPage, string? memberNames = null, string? membersUntil = null,
        AccessPolicyForm? policyForm = null)
    {
        var canEdit = group is null ? Rights.AddGroups : Rights.ChangeGroups;
        var help = Rights.IsSuperuser ? null : T["You can grant only permissions you hold yourself."].Value;
        var chooser = new ChooserModel(nameof(GroupForm.PermissionIds), T["Permissions"],
            await permissionChoices.OptionsAsync(form.PermissionIds ?? []), Locked: !canEdit, Help: help);
        var members = new List<MemberRow>();
        var more = false;
        memberPage = Math.Max(1, memberPage);
        if (group is not null)
        {
            members = await db.UserRoles.Where(m => m.RoleId == group.Id)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { User = u, m.ExpiresAt })
                .OrderBy(r => r.User.NormalizedUserName).ThenBy(r => r.User.Id)
                .Skip((memberPage - 1) * PageSize).Take(PageSize + 1)
                .Select(r => new MemberRow(r.User.Id, r.User.UserName!, r.User.Email, r.User.IsActive, r.ExpiresAt)).ToListAsync();
            more = members.Count > PageSize;
            if (more) members.RemoveAt(PageSize);
        }
        AccessPolicyPanel? policy = null;
        if (group is not null)
        {
            var saved = await accessRequests.GetPolicyAsync(group.Id);
            policy = new AccessPolicyPanel(policyForm ?? AccessPolicyForm.From(saved), saved is { Configured: true }, Rights.ChangeGroups);
        }
        return new GroupEditPage(group?.Id, group?.Name, form, chooser, members, memberPage, more, canEdit,
            group is not null && Rights.ChangeUsers, memberNames, membersUntil, policy);
    }
}
