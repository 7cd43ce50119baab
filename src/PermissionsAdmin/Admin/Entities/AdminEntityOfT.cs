using System.Linq.Expressions;
using System.Reflection;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Search;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>An <see cref="EntityAdmin{TEntity}"/> registration resolved against the model; its queries are typed.</summary>
public sealed class AdminEntity<TEntity> : AdminEntity where TEntity : class
{
    private readonly Func<TEntity, string>? _display;
    private readonly List<IProperty> _search;
    private readonly IReadOnlyList<(AdminField Field, bool Descending)> _ordering;
    private readonly string[] _includes;

    public AdminEntity(EntityAdmin<TEntity> registration, IModel model, PermissionCatalogue catalogue)
        : base(model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model of the context given to AddPermissionsAdmin."), catalogue)
    {
        _display = registration.DisplayText;
        InlineRegistrations = registration.Inlines;
        UsesObjectPermissions = registration.ObjectGrants;
        PageSize = registration.PageSize;
        foreach (var (field, permission) in registration.FieldPermissions)
        {
            if (!catalogue.Contains(permission))
            {
                throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} guards {field} with {permission}, which the catalogue lacks.");
            }
        }
        Fields = EntityType.GetProperties()
            .Where(p => p.PropertyInfo is not null)
            .OrderBy(p => p.IsPrimaryKey() ? 0 : 1)
            .Select(p => new AdminField(p, registration.ReadOnlyFields.Contains(p.Name) || IsNavigationOf(registration.ReadOnlyFields, p),
                registration.FieldPermissions.GetValueOrDefault(p.Name) ?? NavigationPermission(registration.FieldPermissions, p),
                registration.FileStores.GetValueOrDefault(p.Name), registration.SecretFields.Contains(p.Name)))
            .ToList();
        if (registration.FileStores.Keys.FirstOrDefault(name => Fields.All(f => f.Name != name)) is { } unmapped)
        {
            throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} uploads to {unmapped}, which is not a mapped property of it.");
        }
        if (registration.SecretFields.FirstOrDefault(name => Fields.All(f => f.Name != name)) is { } unknown)
        {
            throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} keeps {unknown} secret, which is not a mapped property of it.");
        }
        // A secret is no name to show in titles, links and the history: such objects are named by type and key.
        if (_display is null && EntityNames.NameProperty(EntityType) is { } name && Fields.Any(f => f.Property == name && f.IsSecret))
        {
            _display = entity => EntityNames.ByKey(EntityType, entity);
        }
        ConcurrencyTokens = Fields.Where(f => f.IsConcurrencyToken).ToList();
        // Tokens are bookkeeping: on the form or in the list only where the registration names them.
        var formFields = Fields.Where(f => !f.IsGenerated && !f.IsConcurrencyToken).ToList();
        var grouped = registration.Fieldsets.Select(s => new AdminFieldset(s.Title, s.Fields.Select(FieldNamed).ToList())).ToList();
        var rest = formFields.Except(grouped.SelectMany(s => s.Fields)).ToList();
        if (rest.Count > 0) grouped.Add(new AdminFieldset(grouped.Count == 0 ? null : AdminFieldset.OtherTitle, rest));
        Fieldsets = grouped;
        Columns = (registration.Columns ?? Fields.Where(f => f.Kind is not FieldKind.MultilineText && !f.IsConcurrencyToken).Select(f => f.Navigation?.Name ?? f.Name).ToList())
            .Select(ColumnNamed).ToList();
        _includes = Columns.Where(c => c.Navigation is not null).Select(c => c.Navigation!.Name).ToArray();
        var search = registration.SearchFields.Select(FieldNamed).ToList();
        if (search.FirstOrDefault(f => f.ValueType != typeof(string)) is { } notText)
        {
            throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} searches {notText.Name}, which is not text.");
        }
        _search = search.Select(f => f.Property).ToList();
        Filters = registration.Filters.Select(FieldNamed).ToList();
        if (Filters.FirstOrDefault(f => !EntityFilters.CanFilter(f)) is { } unfilterable)
        {
            throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} cannot filter on {unfilterable.Name}: " +
                "filters take booleans, enums, foreign keys and dates.");
        }
        var blank = Activator.CreateInstance<TEntity>();
        CanBeAdded = !Fields.Any(f => f is { Required: true, IsReadOnly: true, IsGenerated: false } && f.Get(blank) is null);
        _ordering = registration.Ordering.Count > 0
            ? registration.Ordering.Select(o => (FieldNamed(o.Field), o.Descending)).ToList()
            : [(FieldNamed(Key.Name), true)];
        if (search.Concat(Filters).Concat(_ordering.Select(o => o.Field)).FirstOrDefault(f => f.IsSecret) is { } revealed)
        {
            throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} searches, filters or orders by {revealed.Name}, which is secret: the list would reveal it.");
        }
    }

    public override IReadOnlyList<AdminField> Fields { get; }
    public override IReadOnlyList<AdminFieldset> Fieldsets { get; }
    public override IReadOnlyList<AdminColumn> Columns { get; }
    public override IReadOnlyList<AdminField> Filters { get; }
    public override IReadOnlyList<AdminField> ConcurrencyTokens { get; }
    public override bool Searchable => _search.Count > 0;
    public override int PageSize { get; }
    public override bool CanBeAdded { get; }
    public override bool UsesObjectPermissions { get; }

    public override string Display(object entity) =>
        _display is not null ? _display((TEntity)entity) : EntityNames.Fallback(EntityType, entity);

    public override object Create() => Activator.CreateInstance<TEntity>();

    public override async Task<object?> FindAsync(DbContext db, int id, bool track, CancellationToken cancellationToken)
    {
        var key = Key.Name;
        var rows = track ? db.Set<TEntity>() : db.Set<TEntity>().AsNoTracking();
        return await rows.FirstOrDefaultAsync(e => EF.Property<int>(e, key) == id, cancellationToken);
    }

    public override async Task<List<object>> FindManyAsync(DbContext db, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var key = Key.Name;
        var list = ids.ToList();
        return [.. await db.Set<TEntity>().Where(e => list.Contains(EF.Property<int>(e, key))).ToListAsync(cancellationToken)];
    }

    public override async Task<bool> AnyGrantedAsync(DbContext db, IObjectPermissionChecker checker, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await (await checker.ObjectsForUserAsync(db.Set<TEntity>(), user, SeePermissions, requireAny: true, cancellationToken: cancellationToken))
            .AnyAsync(cancellationToken);

    public override async Task<EntityListResult> ListAsync(
        DbContext db, SubstringSearch search, EntityListQuery query, (IObjectPermissionChecker Checker, ClaimsPrincipal User)? grantsOf,
        DateTime now, CancellationToken cancellationToken)
    {
        IQueryable<TEntity> rows = db.Set<TEntity>().AsNoTracking();
        if (grantsOf is var (checker, user))
        {
            rows = await checker.ObjectsForUserAsync(rows, user, SeePermissions, requireAny: true, cancellationToken: cancellationToken);
        }
        foreach (var include in _includes) rows = rows.Include(include);
        var row = Expression.Parameter(typeof(TEntity), "e");
        rows = await search.WhereAsync(db, rows, _search, query.Search, cancellationToken: cancellationToken);
        foreach (var (name, value) in query.Filters)
        {
            var field = Filters.First(f => f.Name == name);
            if (EntityFilters.Condition(field, row, value, now) is { } condition) rows = rows.Where(Expression.Lambda<Func<TEntity, bool>>(condition, row));
        }
        var keys = SortKeys(query.Order);
        if (!EntityCursor.Supports(keys) || query.Page > 1)
        {
            var numbered = await Order(rows, keys, reverse: false).Skip((query.Page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
            return Paged(numbered, keyset: false, previous: null);
        }
        if (EntityCursor.Parse(keys, query.Before) is { } before)
        {
            var back = await Order(rows.Where(EntityCursor.Past<TEntity>(keys, before, forward: false)), keys, reverse: true)
                .Take(PageSize + 1).ToListAsync(cancellationToken);
            if (back.Count > 0)
            {
                var page = back.Take(PageSize).Reverse().ToList<object>();
                return new EntityListResult(page, HasNext: true, Keyset: true,
                    back.Count > PageSize ? EntityCursor.Of(keys, page[0]) : null, EntityCursor.Of(keys, page[^1]));
            }
            // Nothing before a row that has moved or gone: the first page.
        }
        var after = EntityCursor.Parse(keys, query.After);
        var from = after is null ? rows : rows.Where(EntityCursor.Past<TEntity>(keys, after, forward: true));
        var list = await Order(from, keys, reverse: false).Take(PageSize + 1).ToListAsync(cancellationToken);
        return Paged(list, keyset: true, previous: after is null || list.Count == 0 ? null : EntityCursor.Of(keys, list[0]));

        EntityListResult Paged(List<TEntity> read, bool keyset, string? previous)
        {
            var hasNext = read.Count > PageSize;
            var page = read.Take(PageSize).ToList<object>();
            return new EntityListResult(page, hasNext, keyset, previous, keyset && hasNext ? EntityCursor.Of(keys, page[^1]) : null);
        }
    }

    /// <summary>The chosen column first (if sortable), then the default order, then the key, so the order is total.</summary>
    private List<(AdminField Field, bool Descending)> SortKeys(string? order)
    {
        var keys = new List<(AdminField Field, bool Descending)>();
        if (order is { Length: > 0 })
        {
            var descending = order[0] == '-';
            var name = descending ? order[1..] : order;
            if (Columns.FirstOrDefault(c => c.Sortable && c.Field!.Name == name) is { } column) keys.Add((column.Field!, descending));
        }
        keys.AddRange(_ordering.Where(o => keys.All(k => k.Field != o.Field)));
        if (keys.All(k => !k.Field.Property.IsPrimaryKey())) keys.Add((FieldNamed(Key.Name), keys[^1].Descending));
        return keys;
    }

    private static IQueryable<TEntity> Order(IQueryable<TEntity> rows, List<(AdminField Field, bool Descending)> keys, bool reverse)
    {
        IOrderedQueryable<TEntity>? sorted = null;
        foreach (var (field, keyDescending) in keys)
        {
            var descending = keyDescending != reverse;
            var row = Expression.Parameter(typeof(TEntity), "e");
            var selector = Expression.Lambda(Expression.Property(row, field.Property.PropertyInfo!), row);
            var method = (sorted is null, descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var source = (IQueryable<TEntity>?)sorted ?? rows;
            sorted = (IOrderedQueryable<TEntity>)source.Provider.CreateQuery<TEntity>(
                Expression.Call(typeof(Queryable), method, [typeof(TEntity), selector.ReturnType], source.Expression, Expression.Quote(selector)));
        }
        return sorted!;
    }

    private AdminField FieldNamed(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? Fields.FirstOrDefault(f => f.Navigation?.Name == name)
        ?? throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} names {name}, which is not a mapped property or reference of it.");

    private AdminColumn ColumnNamed(string name)
    {
        if (Fields.FirstOrDefault(f => f.Name == name) is { } field) return new AdminColumn(name, field.Label, field, null, null);
        if (Fields.FirstOrDefault(f => f.Navigation?.Name == name) is { } reference)
        {
            return new AdminColumn(name, reference.Label, reference, reference.Navigation, null);
        }
        var computed = typeof(TEntity).GetProperty(name)
            ?? throw new InvalidOperationException($"The admin of {typeof(TEntity).Name} lists {name}, which it does not have.");
        return new AdminColumn(name, computed.GetCustomAttribute<System.ComponentModel.DisplayNameAttribute>()?.DisplayName ?? Words.FromName(name), null, null, computed);
    }

    private static bool IsNavigationOf(HashSet<string> names, IProperty property) =>
        property.GetContainingForeignKeys().Any(fk => fk.DependentToPrincipal is { } navigation && names.Contains(navigation.Name));

    private static string? NavigationPermission(Dictionary<string, string> permissions, IProperty property) =>
        property.GetContainingForeignKeys().Select(fk => fk.DependentToPrincipal?.Name).OfType<string>()
            .Select(permissions.GetValueOrDefault).FirstOrDefault(p => p is not null);
}
