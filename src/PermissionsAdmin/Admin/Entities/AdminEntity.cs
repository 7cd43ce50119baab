using System.Reflection;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>A column of the list: a field, a reference shown by its object's name, or a read-only property of the class.</summary>
public sealed record AdminColumn(string Name, string Label, AdminField? Field, INavigation? Navigation, PropertyInfo? Computed)
{
    /// <summary>Scalar columns sort the list; references, computed and secret ones do not.</summary>
    public bool Sortable => Field is { IsSecret: false } && Navigation is null;
}

/// <summary>
/// Children edited on the parent's page through <see cref="Navigation"/>: the child's form fields but the foreign key
/// to the parent, under the input names <c>{Prefix}-{row}-{field}</c>.
/// </summary>
public sealed record AdminInline(INavigation Navigation, AdminEntity Child, int Extra)
{
    public string Prefix => Navigation.Name;
    public IForeignKey ForeignKey => Navigation.ForeignKey;

    public IReadOnlyList<AdminField> Fields { get; } =
        Child.Fieldsets.SelectMany(s => s.Fields).Where(f => f.ForeignKey != Navigation.ForeignKey).ToList();
}

/// <summary>A titled group of the form's fields.</summary>
public sealed record AdminFieldset(string? Title, IReadOnlyList<AdminField> Fields)
{
    /// <summary>The admin's own title for the fields no fieldset names, shown in the request's language; a site's titles are shown as they are.</summary>
    public const string OtherTitle = "Other";
}

/// <summary>
/// A registered entity resolved against the EF Core model and the permission catalogue: its URL names, permissions,
/// fields, columns, search, filters and order. <see cref="AdminEntity{TEntity}"/> runs its queries.
/// </summary>
public abstract class AdminEntity
{
    private protected AdminEntity(IEntityType entityType, PermissionCatalogue catalogue)
    {
        EntityType = entityType;
        ContentType = catalogue.FindContentType(entityType.ClrType)
            ?? throw new InvalidOperationException($"{entityType.ClrType.Name} has no content type: is it in the model of the context given to AddPermissionsAdmin?");
        Key = entityType.FindPrimaryKey() is { Properties: [{ ClrType: var keyType } key] } && keyType == typeof(int)
            ? key
            : throw new InvalidOperationException($"The admin shows entities with a single int key; {entityType.ClrType.Name}'s is not.");
        string? Permission(string action) =>
            ContentType.Permissions.FirstOrDefault(p => p.Codename == $"{action}_{ContentType.Model}")?.FullName;
        ViewPermission = Permission("view");
        AddPermission = Permission("add");
        ChangePermission = Permission("change");
        DeletePermission = Permission("delete");
    }

    public IEntityType EntityType { get; }
    public ContentTypeDefinition ContentType { get; }
    public IProperty Key { get; }
    public string AppLabel => ContentType.AppLabel;
    public string Model => ContentType.Model;

    /// <summary>"holiday photo" (the display name the permissions use) and its plural.</summary>
    public string Name => ContentType.DisplayName;
    public string PluralName => Name + "s";
    public string ObjectType => $"{AppLabel}.{Model}";

    /// <summary>The generated permissions; null for one the entity trimmed (nobody but superusers holds it then).</summary>
    public string? ViewPermission { get; }
    public string? AddPermission { get; }
    public string? ChangePermission { get; }
    public string? DeletePermission { get; }

    public IEnumerable<string> Permissions =>
        new[] { ViewPermission, AddPermission, ChangePermission, DeletePermission }.OfType<string>()
            .Concat(Fields.Select(f => f.Permission).OfType<string>()).Distinct(StringComparer.Ordinal);

    public abstract IReadOnlyList<AdminField> Fields { get; }
    public abstract IReadOnlyList<AdminFieldset> Fieldsets { get; }
    public abstract IReadOnlyList<AdminColumn> Columns { get; }
    public abstract IReadOnlyList<AdminField> Filters { get; }

    /// <summary>The fields EF Core checks on save (<see cref="AdminField.IsConcurrencyToken"/>): hidden in the change form, never edited.</summary>
    public abstract IReadOnlyList<AdminField> ConcurrencyTokens { get; }
    public abstract bool Searchable { get; }
    public abstract int PageSize { get; }

    /// <summary>False when a required field has no input and no value in a new object (the photo's file): no Add page then.</summary>
    public abstract bool CanBeAdded { get; }

    /// <summary>Whether object grants open this entity's pages (<see cref="EntityAdmin{TEntity}.ObjectPermissions"/>).</summary>
    public abstract bool UsesObjectPermissions { get; }

    /// <summary>The children edited on this entity's page, once <see cref="AdminEntities"/> has resolved every registration.</summary>
    public IReadOnlyList<AdminInline> Inlines { get; private set; } = [];

    private protected IReadOnlyList<(string Navigation, Type Child, int Extra)> InlineRegistrations { get; init; } = [];

    internal void ResolveInlines(AdminEntities entities) => Inlines = InlineRegistrations.Select(inline =>
    {
        var navigation = EntityType.FindNavigation(inline.Navigation) is { IsCollection: true, ForeignKey.Properties.Count: 1 } found
            ? found
            : throw new InvalidOperationException($"{EntityType.ClrType.Name}.{inline.Navigation} is not a collection navigation with a single-column foreign key.");
        var child = entities.Find(inline.Child)
            ?? throw new InvalidOperationException($"Register {inline.Child.Name} with AddEntityAdmin to edit it inline on {EntityType.ClrType.Name}.");
        return new AdminInline(navigation, child, inline.Extra);
    }).ToList();

    public int IdOf(object entity) => (int)Key.GetGetter().GetClrValue(entity)!;

    /// <summary>The object's name, as the registration's display or the fallback for any entity.</summary>
    public abstract string Display(object entity);

    public abstract object Create();

    public abstract Task<object?> FindAsync(DbContext db, int id, bool track, CancellationToken cancellationToken);

    public abstract Task<List<object>> FindManyAsync(DbContext db, IReadOnlyCollection<int> ids, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the list, reading one row more than the page to know whether another follows (no COUNT): keyset pages
    /// when the order allows (<see cref="EntityCursor"/>), else numbered ones. With <paramref name="grantsOf"/>, only
    /// the rows that user holds view or change on. Date filters ("past 7 days") count back from <paramref name="now"/>.
    /// </summary>
    public abstract Task<EntityListResult> ListAsync(
        DbContext db, SubstringSearch search, EntityListQuery query, (IObjectPermissionChecker Checker, ClaimsPrincipal User)? grantsOf,
        DateTime now, CancellationToken cancellationToken);

    /// <summary>Whether that user holds view or change on any row: one query.</summary>
    public abstract Task<bool> AnyGrantedAsync(DbContext db, IObjectPermissionChecker checker, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>The view and change permissions, those an object grant opens the object's page with.</summary>
    public IReadOnlyCollection<string> SeePermissions => new[] { ViewPermission, ChangePermission }.OfType<string>().ToList();
}
