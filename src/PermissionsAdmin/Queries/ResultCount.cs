using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Queries;

/// <summary>
/// How many rows a list shows out of how many there are, without counting a large table: each count reads at most
/// <see cref="PermissionsAdminOptions.ExactCountLimit"/> + 1 rows; beyond that the matches are "more than" the limit
/// and the total is the database's own estimate of the table's size.
/// </summary>
public sealed record ResultCount(RowCount Matching, RowCount Total, bool Filtered)
{
    /// <summary>
    /// Counts <paramref name="matching"/> (anything with a row per match: the rows themselves, or e.g. a group's
    /// memberships) and <paramref name="all"/>, the table of <typeparamref name="T"/>, each up to <paramref name="limit"/>.
    /// </summary>
    public static async Task<ResultCount> CountAsync<T, TMatch>(
        PermissionsDbContext db, IQueryable<TMatch> matching, IQueryable<T> all, bool filtered, int limit, CancellationToken cancellationToken)
        where T : class
    {
        var total = await TotalAsync(db, all, limit, cancellationToken);
        return new ResultCount(filtered ? Capped(await matching.Take(limit + 1).LongCountAsync(cancellationToken), limit) : total, total, filtered);
    }

    /// <summary>
    /// As <see cref="CountAsync{T, TMatch}"/> for matches already read: <paramref name="read"/> of them, reading at most
    /// <paramref name="matchingLimit"/> + 1.
    /// </summary>
    internal static async Task<ResultCount> OfReadAsync<T>(
        PermissionsDbContext db, long read, IQueryable<T> all, int limit, int matchingLimit, CancellationToken cancellationToken)
        where T : class =>
        new(Capped(read, matchingLimit), await TotalAsync(db, all, limit, cancellationToken), Filtered: true);

    private static async Task<RowCount> TotalAsync<T>(PermissionsDbContext db, IQueryable<T> all, int limit, CancellationToken cancellationToken)
        where T : class
    {
        var total = Capped(await all.Take(limit + 1).LongCountAsync(cancellationToken), limit);
        return total.Kind == RowCountKind.MoreThan && await TableSize.EstimateAsync(db, typeof(T), cancellationToken) is { } estimate && estimate > limit
            ? new RowCount(estimate, RowCountKind.About)
            : total;
    }

    private static RowCount Capped(long counted, int limit) =>
        counted <= limit ? new RowCount(counted, RowCountKind.Exact) : new RowCount(limit, RowCountKind.MoreThan);
}

/// <summary>A number of rows: exact, about (an estimate), or more than (a lower bound).</summary>
public sealed record RowCount(long Value, RowCountKind Kind);

public enum RowCountKind
{
    Exact,
    About,
    MoreThan,
}
