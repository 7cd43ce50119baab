using Npgsql;

namespace PermissionsAdmin.Scenarios;

/// <summary>A database of the scenario's own on the given server: recreated empty at start, dropped at the end.</summary>
internal sealed class ScenarioDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ScenarioDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ScenarioDatabase> CreateAsync(string server, string name)
    {
        var database = new ScenarioDatabase(server, name);
        // A run killed half-way leaves its database behind; start from nothing either way.
        await database.ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
