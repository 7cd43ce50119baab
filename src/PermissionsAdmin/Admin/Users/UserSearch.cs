using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PermissionsAdmin.Data;
using PermissionsAdmin.Search;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Users;

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
        PermissionsDbContext db, SubstringSearch search, UserListQuery query, CancellationToken cancellationToken = default,
        QueryPlan plan = QueryPlan.Default, int? countUpTo = null)
    {
        var searchAlone = NoFlags(query) && query.Group is null;
        var atMost = plan == QueryPlan.Count && searchAlone ? countUpTo : null;
        var users = await search.WhereAsync(db, db.Users.AsNoTracking(), SearchedColumns(db), query.Q, cancellationToken, plan, atMost);
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
        IQueryable<PermissionsUser>? filtered = null;
        ResultCount? count = null;
        if (exactCountLimit is { } limit)
        {
            // One- and two-letter words alone are looked for in every row, so counting them to the limit would read
            // much of a large table (`jo` among a million users: 76 ms): they are counted as far as a page reads by id.
            var matchingLimit = !string.IsNullOrWhiteSpace(query.Q) && !SubstringSearch.Indexable(query.Q) ? Math.Min(limit, ByIdLimit) : limit;
            var matches = await MatchingIdsAsync(db, search, query, matchingLimit + 1, cancellationToken);
            count = await ResultCount.CountAsync(db, matches, db.Users.AsNoTracking(), query.IsFiltered, limit, matchingLimit, cancellationToken);
            if (count.Filtered && count.Matching is { Kind: RowCountKind.Exact, Value: <= ByIdLimit })
            {
                // SQLite keeps no statistics of how a column's values spread, so for a rare value (the few superusers)
                // it would walk the sort order's index through every user; the few matches by id need no such walk.
                var ids = await matches.ToListAsync(cancellationToken);
                filtered = FetchedWhole(db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)));
            }
            else if (NoFilterButSearch(query) && count.Matching is { Kind: RowCountKind.Exact, Value: <= SortLimit })
            {
                filtered = FetchedWhole(await FilterAsync(db, search, query, cancellationToken, QueryPlan.Count));
            }
            else if (count.Matching.Kind == RowCountKind.MoreThan)
            {
                filtered = await FilterAsync(db, search, query, cancellationToken, QueryPlan.SortOrder);
            }
        }
        filtered ??= await FilterAsync(db, search, query, cancellationToken);
        if (UserCursor.TryParse(query.Before, order, out var before))
        {
            var back = await order.ScanAsync(filtered, db.Users.AsNoTracking(), before, forward: false, pageSize + 1);
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
        var page = await order.ScanAsync(filtered, db.Users.AsNoTracking(), after, forward: true, pageSize + 1);
        var hasNext = page.Count > pageSize;
        if (hasNext) page.RemoveAt(pageSize);
        return new UserPage(page.Select(r => r.Row).ToList(),
            after is null || page.Count == 0 ? null : order.CursorOf(page[0]),
            hasNext ? order.CursorOf(page[^1]) : null, count);
    }

    /// <summary>
    /// The ids of the users the search and filters match, for counting, up to <paramref name="atMost"/>: a group alone
    /// read from its memberships' index and a search alone from the search's index, neither reading a user.
    /// </summary>
    private static async Task<IQueryable<int>> MatchingIdsAsync(
        PermissionsDbContext db, SubstringSearch search, UserListQuery query, int atMost, CancellationToken cancellationToken)
    {
        if (NoFlags(query) && string.IsNullOrWhiteSpace(query.Q) && query.Group is { } group)
        {
            return db.UserRoles.Where(m => m.RoleId == group).Select(m => m.UserId);
        }
        if (NoFilterButSearch(query) && await search.IndexedKeysAsync(db, SearchedColumns(db), query.Q, atMost, cancellationToken) is { } keys)
        {
            return keys;
        }
        return (await FilterAsync(db, search, query, cancellationToken, QueryPlan.Count, atMost)).Select(u => u.Id);
    }

    /// <summary>
    /// The few matches as a subquery the database reads whole, through the filters' indexes, and then sorts: its OFFSET
    /// (of none) keeps SQLite and PostgreSQL from walking the sort order's index instead, which reads nearly every
    /// user when the matches sit far along that order (a first name late in the alphabet, by user name: 1.3 s at a
    /// million users on PostgreSQL, against 65 ms fetched and sorted).
    /// </summary>
    private static IQueryable<PermissionsUser> FetchedWhole(IQueryable<PermissionsUser> users) => users.Skip(NoRows);

    /// <summary>A field, not a constant, so EF Core sends it as a parameter rather than dropping an OFFSET of 0.</summary>
    private static readonly int NoRows = 0;

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
}

/// <summary>One page of the users list and the cursors of its neighbours.</summary>
public sealed record UserPage(IReadOnlyList<UserRow> Rows, string? PreviousCursor, string? NextCursor, ResultCount? Count = null);

/// <summary>A row as fetched, with the sort keys its cursor is made of.</summary>
internal sealed record KeyedUserRow(UserRow Row, string? NormalizedUserName, string? NormalizedEmail);
