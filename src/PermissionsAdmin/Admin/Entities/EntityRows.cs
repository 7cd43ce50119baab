using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Search;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>
/// Queries on entities known only by their metadata (the principal of a foreign key, the dependents a delete takes
/// with it): the typed query is made once per entity and property type.
/// </summary>
internal static class EntityRows
{
    private static readonly MethodInfo WhereInMethod = typeof(EntityRows).GetMethod(nameof(WhereInOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly ConcurrentDictionary<(Type, Type), MethodInfo> Methods = new();

    /// <summary>
    /// Up to <paramref name="take"/> rows whose <paramref name="property"/> is one of <paramref name="values"/>, all rows
    /// when <paramref name="values"/> is null; with <paramref name="search"/>, only those whose name property holds
    /// each of its words (ignoring case).
    /// Tracked rows can then be deleted.
    /// </summary>
    public static Task<List<object>> WhereInAsync(
        DbContext db, IEntityType type, IProperty property, IReadOnlyCollection<object>? values, (SubstringSearch Index, string? Text)? search,
        bool track, int take, CancellationToken cancellationToken)
    {
        var method = Methods.GetOrAdd((type.ClrType, property.ClrType), key => WhereInMethod.MakeGenericMethod(key.Item1, key.Item2));
        var nameProperty = EntityNames.NameProperty(type);
        return (Task<List<object>>)method.Invoke(null, [db, property.Name, values, nameProperty, search, track, take, cancellationToken])!;
    }

    private static async Task<List<object>> WhereInOfAsync<TEntity, TValue>(
        DbContext db, string property, IReadOnlyCollection<object>? values, IProperty? nameProperty, (SubstringSearch Index, string? Text)? search,
        bool track, int take, CancellationToken cancellationToken) where TEntity : class
    {
        IQueryable<TEntity> rows = track ? db.Set<TEntity>() : db.Set<TEntity>().AsNoTracking();
        if (values is not null)
        {
            var typed = values.Cast<TValue>().ToList();
            rows = rows.Where(e => typed.Contains(EF.Property<TValue>(e, property)));
        }
        if (search is var (index, text) && nameProperty is not null)
        {
            rows = await index.WhereAsync(db, rows, [nameProperty], text, cancellationToken: cancellationToken);
        }
        // By the key or foreign key, which is indexed: ordering a large table by name to take a few rows would sort it all.
        return [.. await rows.OrderBy(e => EF.Property<TValue>(e, property)).Take(take).ToListAsync(cancellationToken)];
    }
}
