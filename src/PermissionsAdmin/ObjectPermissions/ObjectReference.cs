using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>An entity instance seen as (content type, key): what object permissions are attached to.</summary>
public sealed record ObjectReference(ContentTypeDefinition ContentType, int ObjectId)
{
    public string TypeName => $"{ContentType.AppLabel}.{ContentType.Model}";

    /// <summary>
    /// The reference of <paramref name="entity"/>. Object permissions need an entity of the model, with a single
    /// integer key, whose type has permissions in the catalogue.
    /// </summary>
    public static ObjectReference Of(object entity, DbContext db, PermissionCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var entityType = db.Model.FindRuntimeEntityType(entity.GetType())
            ?? throw new ArgumentException($"'{entity.GetType().Name}' is not an entity of the model.", nameof(entity));
        return new ObjectReference(ContentTypeOf(entityType.ClrType, catalogue), (int)KeyProperty(entityType).GetGetter().GetClrValue(entity)!);
    }

    public static ContentTypeDefinition ContentTypeOf(Type clrType, PermissionCatalogue catalogue) =>
        catalogue.FindContentType(clrType)
            ?? throw new ArgumentException($"'{clrType.Name}' has no permissions in the catalogue.", nameof(clrType));

    /// <summary>The name of the entity's key property, which must be a single <c>int</c>.</summary>
    public static string KeyName(DbContext db, Type clrType) =>
        KeyProperty(db.Model.FindEntityType(clrType)
            ?? throw new ArgumentException($"'{clrType.Name}' is not an entity of the model.", nameof(clrType))).Name;

    private static IProperty KeyProperty(IEntityType entityType) =>
        entityType.FindPrimaryKey() is { Properties: [{ } property] } && property.ClrType == typeof(int)
            ? property
            : throw new ArgumentException($"Object permissions need '{entityType.ClrType.Name}' to have a single int key.");

    /// <summary>Refuses a permission that is not one of this object's type (guardian's silent mismatch).</summary>
    public void EnsureOwns(string permission, PermissionCatalogue catalogue)
    {
        var definition = catalogue.Find(permission);
        if (definition is null || definition.AppLabel != ContentType.AppLabel || definition.Model != ContentType.Model)
        {
            throw new AdministrationException(definition is null
                ? Messages.Format("Unknown permission '{0}'.", permission)
                : Messages.Format("Permission '{0}' belongs to {1}.{2}, not to {3}.", permission, definition.AppLabel, definition.Model, TypeName), "permission");
        }
    }
}
