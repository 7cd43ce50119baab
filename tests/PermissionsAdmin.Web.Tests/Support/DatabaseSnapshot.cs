using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Every row of every table the site's model maps, as sorted text lines per table: two equal snapshots mean the
/// database did not change in between, whichever table a request might have touched.
/// </summary>
internal static class DatabaseSnapshot
{
    public static Task<List<string>> TakeAsync(TestDatabase db) => TestSite.QueryAsync(db, TakeAsync);

    /// <summary>The snapshot through a running site's own context, without building another site.</summary>
    public static async Task<List<string>> TakeAsync(DbContext context)
    {
        var tables = context.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        var lines = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
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
