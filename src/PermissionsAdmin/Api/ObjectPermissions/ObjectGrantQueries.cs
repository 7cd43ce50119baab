using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Api.ObjectPermissions;

/// <summary>
/// The users and groups holding grants on one object, a keyset page in id order at a time with their permissions on
/// it: two queries a page, stable while grants are added.
/// </summary>
internal static class ObjectGrantQueries
{
    public static async Task<Page<ObjectGrantHolder>> UsersAsync(PermissionsDbContext db, ObjectTarget target, int? afterId, int limit)
    {
        var (app, model, id) = (target.Type.AppLabel, target.Type.Model, target.Id);
        var grants = db.UserObjectPermissions.Where(g => g.ObjectId == id && g.ContentType.AppLabel == app && g.ContentType.Model == model);
        var holders = grants.Select(g => new { g.UserId, g.User.UserName }).Distinct();
        if (afterId is { } after) holders = holders.Where(h => h.UserId > after);
        var page = await holders.OrderBy(h => h.UserId).Take(limit + 1).ToListAsync();
        var ids = page.Select(h => h.UserId).ToList();
        var permissions = await grants.Where(g => ids.Contains(g.UserId))
            .Select(g => new { HolderId = g.UserId, Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename }).ToListAsync();
        var rows = page.Select(h => new ObjectGrantHolder(h.UserId, h.UserName!,
            permissions.Where(p => p.HolderId == h.UserId).Select(p => p.Name).Order(StringComparer.Ordinal).ToList())).ToList();
        return Cursor.PageOf(rows, limit, h => h.Id);
    }

    public static async Task<Page<ObjectGrantHolder>> GroupsAsync(PermissionsDbContext db, ObjectTarget target, int? afterId, int limit)
    {
        var (app, model, id) = (target.Type.AppLabel, target.Type.Model, target.Id);
        var grants = db.GroupObjectPermissions.Where(g => g.ObjectId == id && g.ContentType.AppLabel == app && g.ContentType.Model == model);
        var holders = grants.Select(g => new { g.GroupId, g.Group.Name }).Distinct();
        if (afterId is { } after) holders = holders.Where(h => h.GroupId > after);
        var page = await holders.OrderBy(h => h.GroupId).Take(limit + 1).ToListAsync();
        var ids = page.Select(h => h.GroupId).ToList();
        var permissions = await grants.Where(g => ids.Contains(g.GroupId))
            .Select(g => new { HolderId = g.GroupId, Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename }).ToListAsync();
        var rows = page.Select(h => new ObjectGrantHolder(h.GroupId, h.Name!,
            permissions.Where(p => p.HolderId == h.GroupId).Select(p => p.Name).Order(StringComparer.Ordinal).ToList())).ToList();
        return Cursor.PageOf(rows, limit, h => h.Id);
    }
}
