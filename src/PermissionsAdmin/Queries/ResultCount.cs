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
    /// memberships), up to <paramref name="matchingLimit"/>, and <paramref name="all"/>, the table of
    /// <typeparamref name="T"/>, up to <paramref name="limit"/>.
    /// </summary>
    public static async Task<ResultCount> CountAsync<T, TMatch>(
        PermissionsDbContext db, IQueryable<TMatch> matching, IQueryable<T> all, bool filtered, int limit, int matchingLimit,
        CancellationToken cancellationToken)
        where T : class
    {
        var total = await CappedAsync(all, limit, cancellationToken);
        if (total.Kind == RowCountKind.MoreThan && await TableSize.EstimateAsync(db, typeof(T), cancellationToken) is { } estimate && estimate > limit)
        {
            total = new RowCount(estimate, RowCountKind.About);
        }
        return new ResultCount(filtered ? await CappedAsync(matching, matchingLimit, cancellationToken) : total, total, filtered);
    }

    private static async Task<RowCount> CappedAsync<T>(IQueryable<T> rows, int limit, CancellationToken cancellationToken)
    {
        var counted = await rows.Take(limit + 1).LongCountAsync(cancellationToken);
        return counted <= limit ? new RowCount(counted, RowCountKind.Exact) : new RowCount(limit, RowCountKind.MoreThan);
    }
}

/// <summary>A number of rows: exact, about (an estimate), or more than (a lower bound).</summary>
public sealed record RowCount(long Value, RowCountKind Kind);

public enum RowCountKind
{
    Exact,
    About,
    MoreThan,
}
