using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PermissionsAdmin.Web.Bench;

/// <summary>A table and the columns a bulk load fills, named as the EF model maps the entity's properties.</summary>
internal sealed record BulkTable(string Name, IReadOnlyList<string> Columns)
{
    public static BulkTable For<TEntity>(DbContext db, params string[] properties)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return new BulkTable(table.Name, properties.Select(p => entity.FindProperty(p)!.GetColumnName(table)!).ToList());
    }

    public string QuotedName => Quote(Name);
    public string QuotedColumns => string.Join(", ", Columns.Select(Quote));

    /// <summary>Double quotes work as identifier quotes on both PostgreSQL and SQLite.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Writes many rows fast: PostgreSQL binary COPY, or multi-row INSERTs elsewhere.</summary>
internal interface IBulkWriter
{
    /// <summary>Writes the rows (values in the table's column order) in batches, each in its own transaction.</summary>
    Task WriteAsync(BulkTable table, IEnumerable<object?[]> rows, BenchProgress progress, CancellationToken cancellationToken);

    /// <summary>Moves the table's id generator past the ids written explicitly.</summary>
    Task ResetIdentityAsync(BulkTable table, string idColumn, CancellationToken cancellationToken);

    /// <summary>
    /// Fresh planner statistics for every table after the load, so the first queries are planned for the real sizes.
    /// </summary>
    Task AnalyzeAsync(CancellationToken cancellationToken);
}
