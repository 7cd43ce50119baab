using System.Globalization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Queries;

namespace PermissionsAdmin.Api.ObjectPermissions;

/// <summary>The object named by <c>{type}/{id}</c> in the URL (<c>blog.post/5</c>), its entity loaded.</summary>
internal sealed record ObjectTarget(ContentTypeDefinition Type, int Id, object Entity)
{
    public string TypeName => $"{Type.AppLabel}.{Type.Model}";

    /// <summary>
    /// As the admin's object page: the type (else 404), model-level change permission on it (else 403), then the
    /// object (else 404), so whoever may not manage the type learns nothing about which objects exist.
    /// </summary>
    public static async Task<ObjectTarget> OpenAsync(PermissionsDbContext db, PermissionCatalogue catalogue, DelegationRules rules, string type, int id)
    {
        var found = await OpenTypeAsync(db, catalogue, rules, type);
        var entity = await db.FindAsync(found.ClrType, id) ?? throw Missing(found, id.ToString(CultureInfo.InvariantCulture));
        return new ObjectTarget(found, id, entity);
    }

    /// <summary>The type named <c>app.model</c> (else 404), if the caller may change its objects (else 403).</summary>
    public static async Task<ContentTypeDefinition> OpenTypeAsync(PermissionsDbContext db, PermissionCatalogue catalogue, DelegationRules rules, string type)
    {
        var found = ObjectTypes.Find(catalogue, db, type)
            ?? throw new AdministrationNotFoundException($"There is no type '{type}' whose objects hold permissions.");
        await rules.RequirePermissionAsync($"{found.AppLabel}.change_{found.Model}");
        return found;
    }

    public static AdministrationNotFoundException Missing(ContentTypeDefinition type, string id) => new($"There is no {type.DisplayName} with id {id}.");
}
