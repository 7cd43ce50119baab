using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Every row of every table the site's model maps, its mapped columns, as sorted text lines per table: two equal
/// snapshots mean the data did not change in between, whichever table a request might have touched (and whichever
/// column a later migration dropped).
/// </summary>
internal static class DatabaseSnapshot
{
    public static Task<List<string>> TakeAsync(TestDatabase db) => TestSite.QueryAsync(db, TakeAsync);

    /// <summary>The snapshot through a running site's own context, without building another site.</summary>
    public static async Task<List<string>> TakeAsync(DbContext context)
    {
        var tables = context.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .GroupBy(e => e.GetTableName()!)
            .OrderBy(t => t.Key, StringComparer.Ordinal);
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        var lines = new List<string>();
        foreach (var entityTypes in tables)
        {
            var table = entityTypes.Key;
            var columns = entityTypes.SelectMany(e => e.GetProperties())
                .Select(p => p.GetColumnName(StoreObjectIdentifier.Table(table, null)))
                .OfType<string>().Distinct().Order(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(Row(reader));
            lines.Add($"{table}: {rows.Count} rows");
            lines.AddRange(rows.Order(StringComparer.Ordinal).Select(row => $"{table} {row}"));
        }
        return lines;
    }

    private static string Row(DbDataReader reader) => string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
        .Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}"));
}
