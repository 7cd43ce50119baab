using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Queries;

/// <summary>
/// The entity types whose single objects the admin manages permissions of: content types of the catalogue whose entity
/// has a single <c>int</c> key (what object grants point at), found by <c>app</c> and <c>model</c> as in the URL.
/// </summary>
internal static class ObjectTypes
{
    private static readonly MethodInfo ExistingIdsMethod =
        typeof(ObjectTypes).GetMethod(nameof(ExistingIdsOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The content type <c>app.model</c>, if object permissions apply to it.</summary>
    public static ContentTypeDefinition? Find(PermissionCatalogue catalogue, DbContext db, string app, string model)
    {
        var type = catalogue.ContentTypes.FirstOrDefault(c =>
            string.Equals(c.AppLabel, app, StringComparison.OrdinalIgnoreCase) && string.Equals(c.Model, model, StringComparison.OrdinalIgnoreCase));
        return type is not null && HasIntKey(db, type) ? type : null;
    }

    /// <summary>The content type named <c>app.model</c> (as audit entries name it), if object permissions apply to it.</summary>
    public static ContentTypeDefinition? Find(PermissionCatalogue catalogue, DbContext db, string typeName) =>
        typeName.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? Find(catalogue, db, typeName[..dot], typeName[(dot + 1)..]) : null;

    public static bool HasIntKey(DbContext db, ContentTypeDefinition type) =>
        db.Model.FindEntityType(type.ClrType)?.FindPrimaryKey() is { Properties: [{ ClrType: var keyType }] } && keyType == typeof(int);

    /// <summary>Which of <paramref name="ids"/> still exist: one query.</summary>
    public static Task<List<int>> ExistingIdsAsync(DbContext db, ContentTypeDefinition type, List<int> ids) =>
        (Task<List<int>>)ExistingIdsMethod.MakeGenericMethod(type.ClrType).Invoke(null, [db, ObjectPermissions.ObjectReference.KeyName(db, type.ClrType), ids])!;

    private static Task<List<int>> ExistingIdsOfAsync<T>(DbContext db, string key, List<int> ids) where T : class =>
        db.Set<T>().Where(e => ids.Contains(EF.Property<int>(e, key))).Select(e => EF.Property<int>(e, key)).ToListAsync();
}
