using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Data;

/// <summary>The one way to make several writes all or nothing, under any execution strategy the context is configured with.</summary>
public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, or inside the caller's when one is open (bulk actions). A
    /// retrying execution strategy (e.g. Npgsql's <c>EnableRetryOnFailure</c>) only allows a transaction begun inside
    /// its <c>ExecuteAsync</c>; there, a failure before <paramref name="work"/> starts is retried, but an outage in
    /// the middle of it is not: the change tracker has already accepted what work saved, so running it again would
    /// save nothing or twice. It surfaces as <see cref="DatabaseUnavailableException"/> (503), nothing committed.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await work();
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (Exception e) when (e is not DatabaseUnavailableException && DatabaseOutage.IsOutage(e))
            {
                throw new DatabaseUnavailableException(e);
            }
        }, cancellationToken);
    }

    public static Task InTransactionAsync(this DbContext db, Func<Task> work, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async () => { await work(); return true; }, cancellationToken);
}
