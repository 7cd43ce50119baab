using System.Collections.Concurrent;

namespace PermissionsAdmin.Testing;

/// <summary>
/// Per provider, one database made ready by <c>prepare</c> on first use, and copied (<see cref="TestDatabase.CopyAsync"/>)
/// for each test that needs a database in that state: copying is much quicker than creating the schema again.
/// The owner drops the templates once the last test has run (an assembly fixture disposes it).
/// </summary>
public sealed class DatabaseTemplates(Func<TestDatabase, Task> prepare) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestDatabase>>> _templates = new();

    /// <summary>A new database holding what the template of <paramref name="kind"/> holds.</summary>
    public async Task<TestDatabase> CopyAsync(DatabaseKind kind) =>
        await TestDatabase.CopyAsync(await _templates.GetOrAdd(kind, k => new(() => PrepareAsync(k))).Value);

    private async Task<TestDatabase> PrepareAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        try
        {
            await prepare(db);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var template in _templates.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully).Select(t => t.Value))
        {
            await (await template).DisposeAsync();
        }
        await TestDatabase.DroppedAsync(); // before the test process ends, every database the tests made, copies too
    }
}
