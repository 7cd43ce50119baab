using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Data;

internal static class TransactionExtensions
{
    /// <summary>Runs <paramref name="work"/> in a transaction, or inside the caller's when one is open (bulk actions).</summary>
    public static async Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> work)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await work();
        await transaction.CommitAsync();
        return result;
    }

    public static Task InTransactionAsync(this DbContext db, Func<Task> work) =>
        db.InTransactionAsync(async () => { await work(); return true; });
}
