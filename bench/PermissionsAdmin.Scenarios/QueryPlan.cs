using Npgsql;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Scenarios;

internal static class QueryPlan
{
    /// <summary>Runs <paramref name="command"/> again under EXPLAIN (ANALYZE, BUFFERS), with its parameters.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(string connectionString, SentCommand command)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + command.Text, connection);
        foreach (var (name, value) in command.Parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }
}
