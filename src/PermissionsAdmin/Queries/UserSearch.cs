using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Queries;

/// <summary>
/// The users list's query. Search: Django's, every word somewhere in the user name, e-mail, first or last name
/// (case-insensitive), read through the trigram index the migrations make (<see cref="SubstringSearch"/>;
/// <see cref="UserSearchIndexMigrationBuilderExtensions.CreateUserSearchIndex"/>). Pages are keyset pages (see
/// <see cref="UserCursor"/>): each starts right after (or ends right before) a row, by the sort key and then the id,
/// so a page deep in a million rows costs what the first does, and nothing counts the table.
/// </summary>
public static class UserSearch
{
    /// <summary>The columns searched, on Identity's users table.</summary>
    public static readonly string[] Columns =
        [nameof(PermissionsUser.UserName), nameof(PermissionsUser.Email), nameof(PermissionsUser.FirstName), nameof(PermissionsUser.LastName)];

    /// <summary>
    /// The users the search and filters match, written for <paramref name="plan"/>. <paramref name="countUpTo"/>: the
    /// matches are counted up to that many, so when the search is the only filter, its index is read for no more
    /// (counting them all would read every user a common word is in).
    /// </summary>
    public static async Task<IQueryable<PermissionsUser>> FilterAsync(
        PermissionsDbContext db, SubstringSearch search, UserListQuery query, QueryPlan plan = QueryPlan.Default, int? countUpTo = null,
        CancellationToken cancellationToken = default)
    {
        var searchAlone = NoFlags(query) && query.Group is null;
        var atMost = plan == QueryPlan.Count && searchAlone ? countUpTo : null;
        var users = await search.WhereAsync(db, db.Users.AsNoTracking(), SearchedColumns(db), query.Q, plan, atMost, cancellationToken);
        var flagIndexes = plan != QueryPlan.SortOrder;
        // "≠ the other value" says the same as "= this value", and no index serves a ≠.
        if (query.Staff is { } staff) users = flagIndexes ? users.Where(u => u.IsStaff == staff) : users.Where(u => u.IsStaff != !staff);
        if (query.Superuser is { } superuser) users = flagIndexes ? users.Where(u => u.IsSuperuser == superuser) : users.Where(u => u.IsSuperuser != !superuser);
        if (query.Active is { } active) users = flagIndexes ? users.Where(u => u.IsActive == active) : users.Where(u => u.IsActive != !active);
        if (query.Group is { } group)
        {
            // Counting reads the members from the group's index (a group with none costs nothing); a page walks the
            // list's order and looks each user's membership up, which finds a large group's first page at once.
            var members = db.UserRoles.Where(m => m.RoleId == group).Select(m => m.UserId);
            users = plan == QueryPlan.Count
                ? users.Where(u => members.Contains(u.Id))
                : users.Where(u => db.UserRoles.Any(m => m.UserId == u.Id && m.RoleId == group));
        }
        return users;
    }

    /// <summary>
    /// One page of rows and the cursors of the pages around it (null where there is none): <c>After</c> continues
    /// after a row, <c>Before</c> goes back before one; with neither, the first page. One row more than the page is
    /// fetched to know whether another follows. With <paramref name="exactCountLimit"/>, the page also says how many
    /// users match and how many there are (<see cref="ResultCount"/>).
    /// </summary>
    public static async Task<UserPage> PageAsync(
        PermissionsDbContext db, SubstringSearch search, UserListQuery query, int pageSize, int? exactCountLimit = null,
        CancellationToken cancellationToken = default)
    {
        var order = UserSortOrder.Parse(query.Sort);
        var table = db.Users.AsNoTracking();
        IQueryable<PermissionsUser>? filtered = null;
        IQueryable<PermissionsUser>? walked = null;
        var walkWithin = WalkLimit;
        ResultCount? count = null;
        if (exactCountLimit is { } limit)
        {
            // A search's matches are read once, their ids up to as many as a page may fetch, and are both the count and,
            // when that is all of them, the page: up to SortLimit where the search's index hands them back (SQLite's FTS5
            // table, PostgreSQL's search table; a filter is then looked up for each: 3,000 inactive users among a common
            // surname's 100,000 at a million users, one 40 ms query on SQLite), else ByIdLimit (a word too short for a
            // trigram is checked on every row). The page then fetches those users by id, which no planner mistakes for a
            // large read (PostgreSQL joined 5,748 matches to its search table with parallel workers: 110 ms; by id, 35).
            List<int>? ids = null;
            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                var indexed = await search.IndexedKeysAsync(db, SearchedColumns(db), query.Q, limit + 1, cancellationToken);
                var readLimit = Math.Min(limit, indexed is null ? ByIdLimit : SortLimit);
                var matches = indexed is not null && NoFilterButSearch(query) ? indexed : await MatchingIdsAsync(db, search, query, readLimit + 1, cancellationToken);
                ids = await matches.Take(readLimit + 1).ToListAsync(cancellationToken);
                count = await ResultCount.OfReadAsync(db, ids.Count, table, limit, readLimit, cancellationToken);
                if (ids.Count > readLimit) ids = null;
            }
            else
            {
                var matches = await MatchingIdsAsync(db, search, query, limit + 1, cancellationToken);
                count = await ResultCount.CountAsync(db, matches, table, query.IsFiltered, limit, cancellationToken);
                // SQLite keeps no statistics of how a column's values spread, so for a rare value (the few superusers)
                // it would walk the sort order's index through every user; the few matches by id need no such walk.
                if (count.Filtered && count.Matching is { Kind: RowCountKind.Exact, Value: <= ByIdLimit }) ids = await matches.ToListAsync(cancellationToken);
            }
            if (ids is not null)
            {
                // One parameter whatever their number (EF Core would otherwise send one per id).
                filtered = FetchedWhole(table.Where(u => EF.Parameter(ids).Contains(u.Id)));
                // So many that, spread along the list's order, a page is among the next few hundred users (a surname one
                // user in ten has, at 100,000 users): walked for first, but only twice as far as a page should take, since
                // where the matches sit together further along, fetching them by id costs less than walking to them.
                var walk = ids.Count > ByIdLimit ? 2L * count.Total.Value * (pageSize + 1) / ids.Count : long.MaxValue;
                if (walk < WalkLimit)
                {
                    walked = await FilterAsync(db, search, query, QueryPlan.SortOrder, cancellationToken: cancellationToken);
                    walkWithin = (int)walk;
                }
            }
            else if (count.Matching.Kind == RowCountKind.MoreThan)
            {
                // Many match: walking the list's order finds a page at once where they are spread along it, but only
                // the next WalkLimit users are walked, since where they sit together far along it (a last name, by
                // last name) fetching them all and sorting costs less than walking to them.
                walked = await FilterAsync(db, search, query, QueryPlan.SortOrder, cancellationToken: cancellationToken);
                filtered = FetchedWhole(await FilterAsync(db, search, query, QueryPlan.Count, cancellationToken: cancellationToken));
            }
        }
        filtered ??= await FilterAsync(db, search, query, cancellationToken: cancellationToken);
        async Task<List<KeyedUserRow>> ScanAsync(UserCursor? from, bool forward)
        {
            var take = pageSize + 1;
            if (walked is not null)
            {
                var (rows, complete) = await order.ScanWithinAsync(walked, table, from, forward, take, walkWithin);
                if (complete) return rows;
                // A few found: walk as far again as they say a page takes, if that is not much further.
                var further = rows.Count == 0 ? long.MaxValue : 2L * walkWithin * take / rows.Count;
                if (further <= 4 * WalkLimit && await order.ScanWithinAsync(walked, table, from, forward, take, (int)further) is (var more, true)) return more;
            }
            return await order.ScanAsync(filtered, table, from, forward, take);
        }
        if (UserCursor.TryParse(query.Before, order, out var before))
        {
            var back = await ScanAsync(before, forward: false);
            if (back.Count > 0)
            {
                var more = back.Count > pageSize;
                var rows = back.Take(pageSize).Reverse().ToList();
                return new UserPage(rows.Select(r => r.Row).ToList(),
                    more ? order.CursorOf(rows[0]) : null, order.CursorOf(rows[^1]), count);
            }
            // Nothing before a row that has moved or gone: start over at the first page.
        }
        var after = UserCursor.TryParse(query.After, order, out var start) ? start : null;
        var page = await ScanAsync(after, forward: true);
        var hasNext = page.Count > pageSize;
        if (hasNext) page.RemoveAt(pageSize);
        return new UserPage(page.Select(r => r.Row).ToList(),
            after is null || page.Count == 0 ? null : order.CursorOf(page[0]),
            hasNext ? order.CursorOf(page[^1]) : null, count);
    }

    /// <summary>
    /// The ids of the users the search and filters match, for counting, up to <paramref name="atMost"/>: a group alone
    /// read from its memberships' index, reading no user.
    /// </summary>
    private static async Task<IQueryable<int>> MatchingIdsAsync(
        PermissionsDbContext db, SubstringSearch search, UserListQuery query, int atMost, CancellationToken cancellationToken)
    {
        if (NoFlags(query) && string.IsNullOrWhiteSpace(query.Q) && query.Group is { } group)
        {
            return db.UserRoles.Where(m => m.RoleId == group).Select(m => m.UserId);
        }
        return (await FilterAsync(db, search, query, QueryPlan.Count, atMost, cancellationToken)).Select(u => u.Id);
    }

    /// <summary>
    /// The few matches as a subquery the database reads whole, through the filters' indexes, and then sorts: its OFFSET
    /// (of none) keeps SQLite and PostgreSQL from walking the sort order's index instead, which reads nearly every
    /// user when the matches sit far along that order (a first name late in the alphabet, by user name: 1.3 s at a
    /// million users on PostgreSQL, against 65 ms fetched and sorted).
    /// </summary>
    private static IQueryable<PermissionsUser> FetchedWhole(IQueryable<PermissionsUser> users) => users.Skip(NoRows);

    /// <summary>
    /// The fence's OFFSET of none, which EF Core keeps in the SQL (UserListTests checks that it is there): Queryable.Skip
    /// is handed the value, so a constant and a field make the same query.
    /// </summary>
    private const int NoRows = 0;

    private static bool NoFlags(UserListQuery query) => (query.Staff ?? query.Superuser ?? query.Active) is null;

    private static bool NoFilterButSearch(UserListQuery query) => !string.IsNullOrWhiteSpace(query.Q) && NoFlags(query) && query.Group is null;

    private static List<IProperty> SearchedColumns(PermissionsDbContext db)
    {
        var user = db.Model.FindEntityType(typeof(PermissionsUser))!;
        return Columns.Select(c => user.FindProperty(c)!).ToList();
    }

    /// <summary>
    /// Up to this many matches are read by id (see <see cref="PageAsync"/>) and may be selected all at once for a bulk
    /// action: a parameter each, and a form field each, within every database's limit and a form's 1,024 fields.
    /// </summary>
    public const int ByIdLimit = 1_000;

    /// <summary>Up to this many matches are fetched and sorted for a page (10,000: about 15 ms on SQLite at a million users).</summary>
    public const int SortLimit = 10_000;

    /// <summary>
    /// When more match than are counted, a page is first looked for among this many users of the list's order from
    /// its cursor: it is found there when one user in a hundred matches, and within four times as many when the few
    /// found there say so. Counted matches dense enough for a page in fewer are looked for only that far.
    /// </summary>
    private const int WalkLimit = 5_000;
}

/// <summary>One page of the users list and the cursors of its neighbours.</summary>
public sealed record UserPage(IReadOnlyList<UserRow> Rows, string? PreviousCursor, string? NextCursor, ResultCount? Count = null);

/// <summary>A row as fetched, with the sort keys its cursor is made of.</summary>
internal sealed record KeyedUserRow(UserRow Row, string? NormalizedUserName, string? NormalizedEmail);
