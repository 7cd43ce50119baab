using System.Collections.Concurrent;

namespace PermissionsAdmin.Testing;

/// <summary>
/// Per provider, one database made ready by <c>prepare</c> on first use, and copied (<see cref="TestDatabase.CopyAsync"/>)
/// for each test that needs a database in that state: copying is much quicker than creating the schema again. On
/// PostgreSQL a copy is used again once its test has disposed it (<see cref="PostgresCopies"/>).
/// The owner drops the templates once the last test has run (an assembly fixture disposes it).
/// </summary>
public sealed class DatabaseTemplates(Func<TestDatabase, Task> prepare) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<Template>>> _templates = new();

    /// <summary>A database holding what the template of <paramref name="kind"/> holds, which no other test is using.</summary>
    public async Task<TestDatabase> CopyAsync(DatabaseKind kind)
    {
        var template = await _templates.GetOrAdd(kind, k => new(() => PrepareAsync(k))).Value;
        return template.Copies is { } copies ? await copies.TakeAsync() : await TestDatabase.CopyAsync(template.Database);
    }

    /// <summary>
    /// Sets <paramref name="copy"/>, a copy of a template still in use (a running site's, kept for the next test), back
    /// to the template's rows; false when that cannot be done (its schema changed, or it is still being written).
    /// </summary>
    public async Task<bool> ResetAsync(TestDatabase copy)
    {
        var template = await _templates[copy.Kind].Value;
        return template.Copies is { } copies ? await copies.ResetAsync(copy) : await TestDatabase.RestoreAsync(template.Database, copy);
    }

    private async Task<Template> PrepareAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        try
        {
            await prepare(db);
            var copies = kind == DatabaseKind.PostgreSql ? await PostgresCopies.PrepareAsync(db) : null;
            // Nothing left open on it while it is copied: PostgreSQL refuses to copy a template anyone is connected to, and
            // on SQLite the last connection to close writes the write-ahead log back into the file.
            db.ClosePooledConnections();
            return new Template(db, copies);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var template in _templates.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully).Select(t => t.Value.Result))
        {
            if (template.Copies is { } copies) await copies.DropFreeAsync();
            await template.Database.DisposeAsync();
        }
        await TestDatabase.DroppedAsync(); // before the test process ends, every database the tests made, copies too
    }

    private sealed record Template(TestDatabase Database, PostgresCopies? Copies);
}
