using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>Objects of one type that a delete takes with it, and whether the user may delete that type.</summary>
public sealed record DeletedObjects(string TypeName, int Count, IReadOnlyList<string> Names, bool Allowed);

/// <summary>An object grant a delete takes with it: to a user, to a group, or to anyone when both are null.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Object is the object the grant is on (an object permission), named beside its User, Group and Permission.")]
public sealed record DeletedGrant(string? User, string? Group, string Permission, string Object);

/// <summary>
/// What deleting some objects deletes (Django's <c>get_deleted_objects</c>): the objects, everything that cascades
/// from them through the model's foreign keys, and their object grants; the types the user lacks <c>delete_</c> on;
/// and the objects whose foreign keys forbid the delete. Every object to go is loaded tracked, so removing them is
/// one SaveChanges (one transaction) and the grant cleanup sees each of them.
/// </summary>
public sealed class DeletionPlan
{
    /// <summary>Names listed per type; the rest are counted.</summary>
    public const int ListedPerType = 100;

    private readonly List<object> _objects = [];

    private DeletionPlan() { }

    public List<DeletedObjects> Deleted { get; } = [];

    /// <summary>The object grants that go with the objects, by holder, permission and object name.</summary>
    public List<DeletedGrant> Grants { get; } = [];

    /// <summary>Types among <see cref="Deleted"/> the user may not delete; the delete is refused if any.</summary>
    public IEnumerable<string> Refused => Deleted.Where(d => !d.Allowed).Select(d => d.TypeName);

    /// <summary>Objects that a foreign key without cascade keeps pointing at the deleted ones; the delete is refused if any.</summary>
    public List<string> Protected { get; } = [];

    public bool MayDelete => Protected.Count == 0 && !Refused.Any();

    /// <summary>
    /// Loads, tracked, <paramref name="roots"/>' cascade (they must be of <paramref name="type"/>) and their grants.
    /// <paramref name="mayDelete"/> answers whether the user holds a <c>delete_</c> permission.
    /// </summary>
    public static async Task<DeletionPlan> CollectAsync(
        PermissionsDbContext db, AdminEntities entities, PermissionCatalogue catalogue, Func<string, bool> mayDelete,
        IEntityType type, IReadOnlyList<object> roots, CancellationToken cancellationToken)
    {
        var plan = new DeletionPlan();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<(IEntityType Type, List<object> Objects)>();
        pending.Enqueue((type, roots.ToList()));
        var byType = new Dictionary<IEntityType, List<object>>();
        while (pending.TryDequeue(out var batch))
        {
            var fresh = batch.Objects.Where(seen.Add).ToList();
            if (fresh.Count == 0) continue;
            if (!byType.TryGetValue(batch.Type, out var list)) byType[batch.Type] = list = [];
            list.AddRange(fresh);
            foreach (var foreignKey in batch.Type.GetReferencingForeignKeys())
            {
                if (foreignKey is not { Properties: [var dependentKey], PrincipalKey.Properties: [var principalKey] }) continue;
                var keys = fresh.Select(o => principalKey.GetGetter().GetClrValue(o)).OfType<object>().Distinct().ToList();
                var dependents = await EntityRows.WhereInAsync(db, foreignKey.DeclaringEntityType, dependentKey, keys, search: null,
                    track: true, take: int.MaxValue, cancellationToken);
                if (dependents.Count == 0) continue;
                // SetNull and ClientSetNull need nothing here: loaded tracked, EF Core clears their foreign key in the same save.
                switch (foreignKey.DeleteBehavior)
                {
                    case DeleteBehavior.Cascade or DeleteBehavior.ClientCascade:
                        pending.Enqueue((foreignKey.DeclaringEntityType, dependents));
                        break;
                    case DeleteBehavior.Restrict or DeleteBehavior.NoAction or DeleteBehavior.ClientNoAction:
                        plan.Protected.AddRange(dependents.Select(d => $"{TypeName(entities, catalogue, foreignKey.DeclaringEntityType)}: {entities.NameOf(foreignKey.DeclaringEntityType, d)}"));
                        break;
                }
            }
        }
        foreach (var (deletedType, objects) in byType)
        {
            var contentType = catalogue.FindContentType(deletedType.ClrType);
            var permission = contentType?.Permissions.FirstOrDefault(p => p.Codename == $"delete_{contentType.Model}")?.FullName;
            var allowed = contentType is null || (permission is not null && mayDelete(permission));
            var names = objects.Take(ListedPerType).Select(o => entities.NameOf(deletedType, o)).ToList();
            plan.Deleted.Add(new DeletedObjects(TypeName(entities, catalogue, deletedType), objects.Count, names, allowed));
            plan._objects.AddRange(objects);
            if (contentType is not null && deletedType.FindPrimaryKey() is { Properties: [{ ClrType: var keyType } key] } && keyType == typeof(int))
            {
                await AddGrantsAsync(plan, db, entities, deletedType, contentType, key, objects, cancellationToken);
            }
        }
        return plan;
    }

    /// <summary>Removes every object of the plan (the caller saves).</summary>
    public void RemoveAll(DbContext db)
    {
        foreach (var entity in _objects) db.Remove(entity);
    }

    private static async Task AddGrantsAsync(
        DeletionPlan plan, PermissionsDbContext db, AdminEntities entities, IEntityType type, ContentTypeDefinition contentType, IProperty key,
        List<object> objects, CancellationToken cancellationToken)
    {
        var names = objects.ToDictionary(o => (int)key.GetGetter().GetClrValue(o)!, o => entities.NameOf(type, o));
        var ids = names.Keys.ToList();
        var (app, model) = (contentType.AppLabel, contentType.Model);
        var toUsers = await db.UserObjectPermissions.AsNoTracking()
            .Where(g => ids.Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
            .Select(g => new { g.ObjectId, User = g.User.UserName, Group = (string?)null, Permission = g.Permission.Codename })
            .ToListAsync(cancellationToken);
        var toGroups = await db.GroupObjectPermissions.AsNoTracking()
            .Where(g => ids.Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
            .Select(g => new { g.ObjectId, User = (string?)null, Group = g.Group.Name, Permission = g.Permission.Codename })
            .ToListAsync(cancellationToken);
        var toAnyone = await db.AnyoneObjectPermissions.AsNoTracking()
            .Where(g => ids.Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
            .Select(g => new { g.ObjectId, User = (string?)null, Group = (string?)null, Permission = g.Permission.Codename })
            .ToListAsync(cancellationToken);
        plan.Grants.AddRange(toUsers.Concat(toGroups).Concat(toAnyone)
            .Select(g => new DeletedGrant(g.User, g.Group, $"{app}.{g.Permission}", names[g.ObjectId]))
            .OrderBy(g => g.User is null ? g.Group is null ? 0 : 1 : 2).ThenBy(g => g.User ?? g.Group, StringComparer.Ordinal)
            .ThenBy(g => g.Permission, StringComparer.Ordinal).ThenBy(g => g.Object, StringComparer.Ordinal));
    }

    private static string TypeName(AdminEntities entities, PermissionCatalogue catalogue, IEntityType type) =>
        entities.Find(type.ClrType)?.PluralName ?? (catalogue.FindContentType(type.ClrType)?.DisplayName ?? Words.FromName(type.ClrType.Name).ToLowerInvariant()) + "s";
}
