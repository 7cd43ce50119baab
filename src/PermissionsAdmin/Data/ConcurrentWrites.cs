using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Data;

/// <summary>
/// Writers racing on the same rows. Writers of one user lock its row first (<see cref="LockAsync"/>) and so take
/// turns, each reading what the one before saved. Others can lose a race: a group changed by another writer, an
/// object grant or a new user inserted by another writer first, a row to remove deleted meanwhile. When the caller
/// named the version it expected (an <c>If-Match</c>, the admin form's stamp) that is a refusal
/// (<see cref="ConcurrencyConflictException"/>, 412); when it did not, the write is unconditional, so it forgets what
/// it staged and runs again from a fresh read, a bounded number of times with a random pause so racing writers spread
/// out. Its next read finds the other writer's change: a grant already in place is then simply held.
/// </summary>
public static class ConcurrentWrites
{
    private const int MaxAttempts = 10;
    private const int MaxPauseMilliseconds = 500;

    // SQLite's result code for a violated constraint, and the extended codes of a primary key and a unique index.
    private const int SqliteConstraint = 19, SqlitePrimaryKey = 1555, SqliteUnique = 2067;

    /// <summary>
    /// Runs <paramref name="write"/>, which reads what it needs and saves. When it loses a race, an
    /// <paramref name="unconditional"/> write runs again; otherwise, or when every attempt lost, it throws
    /// <paramref name="conflict"/>.
    /// </summary>
    public static async Task<T> RetryWhenUnconditionalAsync<T>(
        this DbContext db, bool unconditional, Func<Task<T>> write, Func<ConcurrencyConflictException> conflict)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (LostRace(e))
            {
                if (!unconditional || attempt == MaxAttempts)
                {
                    if (e is ConcurrencyConflictException) throw;
                    throw conflict();
                }
                await ForgetStagedChangesAsync(db);
                await Task.Delay(Random.Shared.Next(Math.Min(MaxPauseMilliseconds, 10 << attempt)));
            }
        }
    }

    public static Task RetryWhenUnconditionalAsync(
        this DbContext db, bool unconditional, Func<Task> write, Func<ConcurrencyConflictException> conflict) =>
        db.RetryWhenUnconditionalAsync(unconditional, async () => { await write(); return true; }, conflict);

    /// <summary>
    /// Locks <paramref name="rows"/> until the transaction ends with an update that changes nothing (it sets
    /// <paramref name="column"/> to itself): a row lock on PostgreSQL and SQL Server, the write lock on SQLite, with no
    /// provider-specific SQL. The users' change-feed triggers ignore it (no watched column changes); a table whose
    /// trigger records every write (groups, the catalogue) would tell every site to drop its cache, so it is not
    /// locked this way. Returns how many rows there are.
    /// </summary>
    public static Task<int> LockAsync<T>(this IQueryable<T> rows, Expression<Func<T, string?>> column) =>
        rows.ExecuteUpdateAsync(setters => setters.SetProperty(column, column));

    /// <summary>True when <paramref name="exception"/> says another writer changed the rows first.</summary>
    private static bool LostRace(Exception exception) => exception switch
    {
        ConcurrencyConflictException or DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: SqliteException sqlite } =>
            sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode is SqlitePrimaryKey or SqliteUnique,
        // SQLSTATE 23505: unique_violation (PostgreSQL, and every provider that reports SQLSTATE).
        DbUpdateException { InnerException: DbException { SqlState: "23505" } } => true,
        _ => false,
    };

    /// <summary>
    /// Drops what the failed attempt staged (its transaction rolled back): new rows are forgotten, changed or deleted
    /// ones reloaded as the database now has them. Reloading keeps the instances callers hold, so an entity the caller
    /// passed in ends up with its saved state and concurrency stamp.
    /// </summary>
    private static async Task ForgetStagedChangesAsync(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
            else await entry.ReloadAsync();
        }
    }
}
