using System.Linq.Expressions;
using System.Reflection;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>
/// How the admin shows one of the application's entities: Django's <c>ModelAdmin</c>, registered with
/// <see cref="EntityAdminServiceCollectionExtensions.AddEntityAdmin{TEntity}"/>. Every option may be left out; the
/// defaults come from the EF Core model (every scalar property as a column and a field, the key as the order, foreign
/// keys as choosers). Fields are named by expressions: a property (<c>p =&gt; p.Title</c>) or a reference navigation
/// (<c>p =&gt; p.Author</c>, meaning its foreign key).
/// </summary>
public sealed class EntityAdmin<TEntity> where TEntity : class
{
    internal List<string>? Columns { get; private set; }
    internal List<string> SearchFields { get; } = [];
    internal List<string> Filters { get; } = [];
    internal List<(string Field, bool Descending)> Ordering { get; } = [];
    internal HashSet<string> ReadOnlyFields { get; } = new(StringComparer.Ordinal);
    internal List<(string Title, List<string> Fields)> Fieldsets { get; } = [];
    internal Dictionary<string, string> FieldPermissions { get; } = new(StringComparer.Ordinal);
    internal Func<TEntity, string>? DisplayText { get; private set; }
    internal int PageSize { get; private set; } = 100;
    internal List<(string Navigation, Type Child, int Extra)> Inlines { get; } = [];
    internal bool ObjectGrants { get; private set; }
    internal Dictionary<string, Type> FileStores { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> SecretFields { get; } = new(StringComparer.Ordinal);

    /// <summary>The list's columns (Django's <c>list_display</c>); the first links to the object.</summary>
    public EntityAdmin<TEntity> List(params Expression<Func<TEntity, object?>>[] columns)
    {
        Columns = columns.Select(MemberName).ToList();
        return this;
    }

    /// <summary>Text fields the list's search box looks in, each word anywhere in any of them, ignoring case.</summary>
    public EntityAdmin<TEntity> Search(params Expression<Func<TEntity, object?>>[] fields)
    {
        SearchFields.AddRange(fields.Select(MemberName));
        return this;
    }

    /// <summary>Filters beside the list: booleans, enums, foreign keys and dates (today, past 7 days, this month, this year).</summary>
    public EntityAdmin<TEntity> Filter(params Expression<Func<TEntity, object?>>[] fields)
    {
        Filters.AddRange(fields.Select(MemberName));
        return this;
    }

    /// <summary>The list's default order; call again for the next key.</summary>
    public EntityAdmin<TEntity> OrderBy(Expression<Func<TEntity, object?>> field, bool descending = false)
    {
        Ordering.Add((MemberName(field), descending));
        return this;
    }

    /// <summary>Fields shown on the form but never changed through it.</summary>
    public EntityAdmin<TEntity> ReadOnly(params Expression<Func<TEntity, object?>>[] fields)
    {
        ReadOnlyFields.UnionWith(fields.Select(MemberName));
        return this;
    }

    /// <summary>A titled group of fields on the form, in order; fields in no group follow in a group of their own.</summary>
    public EntityAdmin<TEntity> Fieldset(string title, params Expression<Func<TEntity, object?>>[] fields)
    {
        Fieldsets.Add((title, fields.Select(MemberName).ToList()));
        return this;
    }

    /// <summary>
    /// A field only holders of <paramref name="permission"/> may change on an existing object: read-only for everyone
    /// else, and a posted value from them is ignored. Anyone who may add sets it on a new one.
    /// </summary>
    public EntityAdmin<TEntity> FieldPermission(Expression<Func<TEntity, object?>> field, string permission)
    {
        FieldPermissions[MemberName(field)] = permission;
        return this;
    }

    /// <summary>How an object is named in titles, links, choosers and the history (Django's <c>__str__</c>).</summary>
    public EntityAdmin<TEntity> Display(Func<TEntity, string> display)
    {
        DisplayText = display;
        return this;
    }

    /// <summary>
    /// Edits a collection of children on the parent's page (Django's inline): each child with its fields, a Delete box,
    /// and <paramref name="extra"/> blank ones to add. <typeparamref name="TChild"/> must be registered too; its own
    /// permissions decide what is shown, changed, added and deleted.
    /// </summary>
    public EntityAdmin<TEntity> Inline<TChild>(Expression<Func<TEntity, IEnumerable<TChild>>> children, int extra = 3) where TChild : class
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extra);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extra, 50);
        Inlines.Add((MemberName(children), typeof(TChild), extra));
        return this;
    }

    /// <summary>
    /// Edits a text field as a file upload: the file goes through <typeparamref name="TStore"/> (its checks, its
    /// storage) and the field holds what the store returns. Required on a new object when the field is; left blank on
    /// an existing one, it keeps its file.
    /// </summary>
    public EntityAdmin<TEntity> File<TStore>(Expression<Func<TEntity, string?>> field) where TStore : IAdminFileStore
    {
        FileStores[MemberName(field)] = typeof(TStore);
        return this;
    }

    /// <summary>
    /// Fields whose values are never shown nor kept in the history (an API key): a password input that is never filled
    /// in, left blank to keep the stored value, and "Changed …" in the history without the old or new value. Fields
    /// marked <c>[DataType(DataType.Password)]</c>, <c>[PasswordPropertyText(true)]</c> or Identity's
    /// <c>[ProtectedPersonalData]</c> are secret without being named here. A secret field is not searched, filtered
    /// or sorted on, which would reveal it.
    /// </summary>
    public EntityAdmin<TEntity> Secret(params Expression<Func<TEntity, object?>>[] fields)
    {
        SecretFields.UnionWith(fields.Select(MemberName));
        return this;
    }

    /// <summary>
    /// Opens the pages to staff users whose only rights on this entity are object grants (django-guardian's admin):
    /// the list shows only the rows they hold view or change on, and each object's page, save and delete ask the
    /// object's own grants. Model-level permissions still cover every row; adding still needs <c>add_</c>.
    /// </summary>
    public EntityAdmin<TEntity> ObjectPermissions()
    {
        ObjectGrants = true;
        return this;
    }

    /// <summary>Rows per list page (Django's <c>list_per_page</c>, 100 by default).</summary>
    public EntityAdmin<TEntity> PerPage(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1000);
        PageSize = size;
        return this;
    }

    private static string MemberName(LambdaExpression field)
    {
        var body = field.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : field.Body;
        return body is MemberExpression { Member: PropertyInfo property, Expression: ParameterExpression }
            ? property.Name
            : throw new ArgumentException($"Name a property of {typeof(TEntity).Name}, as in p => p.Title (got {field}).", nameof(field));
    }
}
