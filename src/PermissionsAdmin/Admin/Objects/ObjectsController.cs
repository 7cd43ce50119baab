using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Admin.Localization;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Objects;

/// <summary>
/// An object's permissions page: the users and groups holding permissions on one object, and grants added and
/// removed through <see cref="ObjectPermissionAdministration"/> (the delegation rules apply: only what the signed-in
/// user holds on the object). Needs model-level change permission on the type (<c>blog.change_post</c>), checked
/// before the object is looked up, so a 404 tells nothing to those who may not manage the type.
/// </summary>
[Route("objects/{app}/{model}/{id:int}")]
public sealed class ObjectsController(
    PermissionsDbContext db,
    PermissionCatalogue catalogue,
    IPermissionChecker permissions,
    IObjectPermissionChecker objects,
    ObjectPermissionAdministration grants,
    UserAdministration users,
    GroupAdministration groups,
    IOptions<PermissionsAdminOptions> options) : AdminController
{
    public const string GrantErrorKey = "grant";

    [HttpGet("")]
    public async Task<IActionResult> Index(string app, string model, int id, [FromQuery(Name = "users")] int userPage = 1,
        [FromQuery(Name = "groups")] int groupPage = 1)
    {
        var (refusal, target) = await OpenAsync(app, model, id);
        if (target is null) return refusal!;
        return View(await PageAsync(target, new GrantForm(), userPage, groupPage));
    }

    /// <summary>Grants a permission on the object to a user (by user name or e-mail), a group (by name) or anyone.</summary>
    [HttpPost("grant")]
    public async Task<IActionResult> Grant(string app, string model, int id, GrantForm form)
    {
        var (refusal, target) = await OpenAsync(app, model, id);
        if (target is null) return refusal!;
        var name = form.Name?.Trim() ?? "";
        try
        {
            if (string.IsNullOrEmpty(form.Permission)) throw new AdministrationException(T["Choose a permission."]);
            string done;
            switch (form.Kind)
            {
                case GrantForm.User when name.Length > 0:
                    var user = await users.FindAsync(name);
                    await grants.AssignAsync(form.Permission, user, target.Entity);
                    done = T["Granted {0} on “{1}” to user “{2}”.", form.Permission, target.Name, user.UserName!];
                    break;
                case GrantForm.Group when name.Length > 0:
                    var group = await groups.FindAsync(name);
                    await grants.AssignAsync(form.Permission, group, target.Entity);
                    done = T["Granted {0} on “{1}” to group “{2}”.", form.Permission, target.Name, group.Name!];
                    break;
                case GrantForm.Anyone:
                    await grants.AssignToAnyoneAsync(form.Permission, target.Entity);
                    done = T["Granted {0} on “{1}” to anyone.", form.Permission, target.Name];
                    break;
                case GrantForm.User:
                    throw new AdministrationException(T["Enter the name of the user."]);
                case GrantForm.Group:
                    throw new AdministrationException(T["Enter the name of the group."]);
                default:
                    throw new AdministrationException(T["Choose whether to grant to a user, a group or anyone."]);
            }
            Success(done);
            return Redirect(Url.AdminObject(target.Type, target.Id));
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(GrantErrorKey, refused.Message + " " + T["Nothing was changed."]);
        }
        return View(nameof(Index), await PageAsync(target, form, 1, 1));
    }

    /// <summary>Removes one permission of one user, group or anyone on the object.</summary>
    [HttpPost("revoke")]
    public async Task<IActionResult> Revoke(string app, string model, int id, string? kind, int holderId, string? permission)
    {
        var (refusal, target) = await OpenAsync(app, model, id);
        if (target is null) return refusal!;
        try
        {
            if (string.IsNullOrEmpty(permission)) throw new AdministrationException(T["Choose the permission to remove."]);
            string done;
            switch (kind)
            {
                case GrantForm.User:
                    var user = await users.GetAsync(holderId);
                    await grants.RemoveAsync(permission, user, target.Entity);
                    done = T["Removed {0} on “{1}” from user “{2}”.", permission, target.Name, user.UserName!];
                    break;
                case GrantForm.Group:
                    var group = await groups.GetAsync(holderId);
                    await grants.RemoveAsync(permission, group, target.Entity);
                    done = T["Removed {0} on “{1}” from group “{2}”.", permission, target.Name, group.Name!];
                    break;
                case GrantForm.Anyone:
                    await grants.RemoveFromAnyoneAsync(permission, target.Entity);
                    done = T["Removed {0} on “{1}” from anyone.", permission, target.Name];
                    break;
                default:
                    throw new AdministrationException(T["Choose the user or group to remove the permission from."]);
            }
            Success(done);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            Error(refused.Message + " " + T["Nothing was changed."]);
        }
        return Redirect(Url.AdminObject(target.Type, target.Id));
    }

    /// <summary>The object's change history, grants included.</summary>
    [HttpGet("history")]
    public async Task<IActionResult> History(string app, string model, int id, int page = 1)
    {
        var (refusal, target) = await OpenAsync(app, model, id);
        if (target is null) return refusal!;
        var (entries, hasNext) = await AuditQueries.ObjectPageAsync(db, target.TypeName, id, page, PageSize);
        return View("~/Admin/Views/Shared/ObjectHistory.cshtml",
            new ObjectHistoryPage(target.Type.DisplayName, id, target.Name, Url.AdminObject(target.Type, target.Id), entries, Math.Max(1, page), hasNext));
    }

    /// <summary>The type (else 404), the change permission on it (else 403), then the object (else 404).</summary>
    private async Task<(IActionResult? Refusal, AdminObject? Target)> OpenAsync(string app, string model, int id)
    {
        var type = ObjectTypes.Find(catalogue, db, app, model);
        if (type is null)
        {
            ViewData["NotFoundMessage"] = T["There is no type “{0}.{1}” whose objects hold permissions.", app, model].Value;
            return (NotFoundPage(T["Object type"].InSentence()), null);
        }
        if (!await permissions.HasPermissionAsync(User, $"{type.AppLabel}.change_{type.Model}")) return (Forbidden(), null);
        var entity = await db.FindAsync(type.ClrType, id);
        if (entity is null) return (NotFoundPage(type.DisplayName), null);
        return (null, new AdminObject(type, id, entity, ObjectDescription.Of(entity, type, id)));
    }

    private async Task<ObjectPermissionsPage> PageAsync(AdminObject target, GrantForm form, int userPage, int groupPage)
    {
        userPage = Math.Max(1, userPage);
        groupPage = Math.Max(1, groupPage);
        var userHolders = (await objects.UsersWithGrantsAsync(target.Entity, (userPage - 1) * PageSize, PageSize + 1)).ToList();
        var moreUsers = userHolders.Count > PageSize;
        if (moreUsers) userHolders.RemoveAt(PageSize);
        var groupHolders = (await objects.GroupsWithGrantsAsync(target.Entity, (groupPage - 1) * PageSize, PageSize + 1)).ToList();
        var moreGroups = groupHolders.Count > PageSize;
        if (moreGroups) groupHolders.RemoveAt(PageSize);
        var held = await objects.GetPermissionsAsync(User, target.Entity);
        var choices = target.Type.Permissions
            .Select(p => new ObjectPermissionChoice(p.FullName, p.Name, held.Contains(p.FullName)))
            .ToList();
        return new ObjectPermissionsPage(target, userHolders, userPage, moreUsers, groupHolders, groupPage, moreGroups,
            await objects.AnyonePermissionsAsync(target.Entity), options.Value.AnyoneObjectGrants, choices, form);
    }
}
