using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Queries;

/// <summary>
/// A sort order of the users list (<c>?sort=</c>, a leading '-' for descending), always ending with the id, and the
/// keyset scans that read a page from a cursor in either direction. Each order has an index on (key, id).
/// </summary>
internal abstract class UserSortOrder
{
    public static UserSortOrder Parse(string? sort)
    {
        var descending = sort is ['-', ..];
        return (descending ? sort![1..] : sort) switch
        {
            "username" => new KeyOrder<string?>(u => u.NormalizedUserName, r => r.NormalizedUserName, descending),
            "email" => new KeyOrder<string?>(u => u.NormalizedEmail, r => r.NormalizedEmail, descending),
            "firstname" => new KeyOrder<string?>(u => u.FirstName, r => r.Row.FirstName, descending),
            "lastname" => new KeyOrder<string?>(u => u.LastName, r => r.Row.LastName, descending),
            "staff" => new FlagOrder(u => u.IsStaff, r => r.Row.IsStaff, descending),
            "active" => new FlagOrder(u => u.IsActive, r => r.Row.IsActive, descending),
            "superuser" => new FlagOrder(u => u.IsSuperuser, r => r.Row.IsSuperuser, descending),
            "joined" => new KeyOrder<DateTime>(u => u.DateJoined, r => r.Row.DateJoined, descending),
            "lastlogin" => new KeyOrder<DateTime?>(u => u.LastLogin, r => r.Row.LastLogin, descending),
            _ => new KeyOrder<string?>(u => u.NormalizedUserName, r => r.NormalizedUserName, descending: false),
        };
    }

    /// <summary>
    /// Up to <paramref name="take"/> of <paramref name="users"/> from just past <paramref name="from"/> (or from the
    /// start), in the list's order when <paramref name="forward"/>, else in reverse; read from <paramref name="table"/>,
    /// all users, once their ids are known.
    /// </summary>
    public async Task<List<KeyedUserRow>> ScanAsync(
        IQueryable<PermissionsUser> users, IQueryable<PermissionsUser> table, UserCursor? from, bool forward, int take) =>
        (await ScanCoreAsync(users, table, from, forward, take, within: null)).Rows;

    /// <summary>
    /// As <see cref="ScanAsync(IQueryable{PermissionsUser}, IQueryable{PermissionsUser}, UserCursor?, bool, int)"/>, looking
    /// only among the next <paramref name="within"/> users of <paramref name="table"/> in this order, in each of its
    /// index ranges (a key's users, then those without one; a flag's two values). Not <c>Complete</c> when fewer than
    /// <paramref name="take"/> of <paramref name="users"/> are there and more users follow: the rows are then those few.
    /// </summary>
    public Task<(List<KeyedUserRow> Rows, bool Complete)> ScanWithinAsync(
        IQueryable<PermissionsUser> users, IQueryable<PermissionsUser> table, UserCursor? from, bool forward, int take, int within) =>
        ScanCoreAsync(users, table, from, forward, take, within);

    protected abstract Task<(List<KeyedUserRow> Rows, bool Complete)> ScanCoreAsync(
        IQueryable<PermissionsUser> users, IQueryable<PermissionsUser> table, UserCursor? from, bool forward, int take, int? within);

    public abstract string CursorOf(KeyedUserRow row);

    /// <summary>Reads a cursor's key as written by <see cref="CursorOf"/>; false for text this order never writes.</summary>
    public abstract bool TryReadKey(string text, out object? key);

    private static readonly Expression<Func<PermissionsUser, KeyedUserRow>> Projection = u => new KeyedUserRow(
        new UserRow(u.Id, u.UserName!, u.Email, u.FirstName, u.LastName, u.IsActive, u.IsStaff, u.IsSuperuser, u.DateJoined, u.LastLogin),
        u.NormalizedUserName, u.NormalizedEmail);

    private sealed class KeyOrder<TKey>(Expression<Func<PermissionsUser, TKey>> key, Func<KeyedUserRow, TKey> keyOf, bool descending)
        : UserSortOrder
    {
        private static readonly bool Nullable = default(TKey) is null;

        /// <summary>A user's sort key and id: what the order's (key, id) index holds.</summary>
        private sealed record Edge(TKey Key, int Id);

        private readonly Expression<Func<PermissionsUser, Edge>> _edge = Expression.Lambda<Func<PermissionsUser, Edge>>(
            Expression.New(typeof(Edge).GetConstructors()[0], key.Body, Expression.Property(key.Parameters[0], nameof(PermissionsUser.Id))),
            key.Parameters);

        protected override async Task<(List<KeyedUserRow> Rows, bool Complete)> ScanCoreAsync(
            IQueryable<PermissionsUser> users, IQueryable<PermissionsUser> table, UserCursor? from, bool forward, int take, int? within)
        {
            var ascending = forward != descending;
            // Rows without a key come after every key, as PostgreSQL orders NULLs, so its (key, id) index serves
            // both directions; each part is its own index range.
            bool[] nullParts = !Nullable ? [false] : ascending ? [false, true] : [true, false];
            var rows = new List<KeyedUserRow>();
            var fromPart = from is null ? -1 : Array.IndexOf(nullParts, from.Key is null);
            for (var part = Math.Max(0, fromPart); part < nullParts.Length && rows.Count < take; part++)
            {
                var withCursor = part == fromPart ? from : null;
                IQueryable<PermissionsUser> Part(IQueryable<PermissionsUser> source) =>
                    nullParts[part] ? NullKeys(source, withCursor, ascending) : Keys(source, withCursor, ascending);
                var scan = Part(users);
                Edge? edge = null;
                if (within is { } window)
                {
                    // The first user past the window, read from the sort order's index alone; the scan stops before it.
                    edge = await Part(table).Skip(window).Select(_edge).FirstOrDefaultAsync();
                    if (edge is not null) scan = nullParts[part] ? IdsBefore(scan, edge.Id, ascending) : scan.Where(Beyond(edge.Key, edge.Id, !ascending));
                }
                // The page's ids first, then their rows by id: with the user-name index covering the searched columns
                // and flags, finding the ids reads the index alone, however many rows the search skips, and the
                // filters are not read a second time for the rows.
                var ids = scan.Take(take - rows.Count).Select(u => u.Id);
                var page = Ordered(table.Where(u => ids.Contains(u.Id)), nullParts[part], ascending);
                rows.AddRange(await page.Select(Projection).ToListAsync());
                if (edge is not null && rows.Count < take) return (rows, false);
            }
            return (rows, true);
        }

        public override string CursorOf(KeyedUserRow row) => UserCursor.Write(row.Row.Id, keyOf(row) switch
        {
            null => null,
            // Times are stored in UTC; SQLite hands them back unmarked, so say so before writing them.
            DateTime at => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        });

        public override bool TryReadKey(string text, out object? key)
        {
            key = text;
            if (typeof(TKey) == typeof(string)) return true;
            var ok = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at);
            key = at;
            return ok;
        }

        private IQueryable<PermissionsUser> Keys(IQueryable<PermissionsUser> users, UserCursor? from, bool ascending)
        {
            if (from is not null) users = users.Where(Beyond((TKey)from.Key!, from.Id, ascending));
            else if (Nullable) users = users.Where(Expression.Lambda<Func<PermissionsUser, bool>>(
                Expression.NotEqual(key.Body, Expression.Constant(null, typeof(TKey))), key.Parameters));
            return Ordered(users, nullKeys: false, ascending);
        }

        private IQueryable<PermissionsUser> Ordered(IQueryable<PermissionsUser> users, bool nullKeys, bool ascending) => (nullKeys, ascending) switch
        {
            (true, true) => users.OrderBy(u => u.Id),
            (true, false) => users.OrderByDescending(u => u.Id),
            (false, true) => users.OrderBy(key).ThenBy(u => u.Id),
            (false, false) => users.OrderByDescending(key).ThenByDescending(u => u.Id),
        };

        private IQueryable<PermissionsUser> NullKeys(IQueryable<PermissionsUser> users, UserCursor? from, bool ascending)
        {
            users = users.Where(Expression.Lambda<Func<PermissionsUser, bool>>(
                Expression.Equal(key.Body, Expression.Constant(null, typeof(TKey))), key.Parameters));
            if (from is not null) users = IdsBefore(users, from.Id, !ascending);
            return Ordered(users, nullKeys: true, ascending);
        }

        /// <summary>
        /// key ≥ value AND (key > value OR (key = value AND id > lastId)), mirrored when descending: the first
        /// comparison alone bounds the index range, the rest skips the rows up to the cursor's.
        /// </summary>
        private Expression<Func<PermissionsUser, bool>> Beyond(TKey value, int lastId, bool ascending)
        {
            var user = key.Parameters[0];
            var keyValue = Captured(value);
            var id = Expression.Property(user, nameof(PermissionsUser.Id));
            Expression Compare(ExpressionType op) => typeof(TKey) == typeof(string)
                ? Expression.MakeBinary(op, Expression.Call(StringCompare, key.Body, keyValue), Expression.Constant(0))
                : Expression.MakeBinary(op, key.Body, keyValue);
            var (strictly, orEqual) = ascending
                ? (ExpressionType.GreaterThan, ExpressionType.GreaterThanOrEqual)
                : (ExpressionType.LessThan, ExpressionType.LessThanOrEqual);
            var body = Expression.AndAlso(Compare(orEqual), Expression.OrElse(Compare(strictly),
                Expression.AndAlso(Expression.Equal(key.Body, keyValue), Expression.MakeBinary(strictly, id, Captured(lastId)))));
            return Expression.Lambda<Func<PermissionsUser, bool>>(body, user);
        }

        private static readonly System.Reflection.MethodInfo StringCompare =
            typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    }

    /// <summary>The users before <paramref name="id"/> in id order, ascending or not (after it, if not).</summary>
    private static IQueryable<PermissionsUser> IdsBefore(IQueryable<PermissionsUser> users, int id, bool ascending) =>
        ascending ? users.Where(u => u.Id < id) : users.Where(u => u.Id > id);

    /// <summary>A value read from a closure, so EF sends it as a parameter and reuses one compiled query.</summary>
    private static MemberExpression Captured<T>(T value) =>
        Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    /// <summary>
    /// A yes/no column: the rows with one value, then those with the other, each part by id, which is its index range
    /// on (flag, id). No yes/no comparison is needed, and a deep page starts at its cursor, not at the part's start.
    /// </summary>
    private sealed class FlagOrder(Expression<Func<PermissionsUser, bool>> flag, Func<KeyedUserRow, bool> flagOf, bool descending)
        : UserSortOrder
    {
        protected override async Task<(List<KeyedUserRow> Rows, bool Complete)> ScanCoreAsync(
            IQueryable<PermissionsUser> users, IQueryable<PermissionsUser> table, UserCursor? from, bool forward, int take, int? within)
        {
            var ascending = forward != descending;
            bool[] parts = ascending ? [false, true] : [true, false];
            var rows = new List<KeyedUserRow>();
            var fromPart = from?.Key is bool key ? Array.IndexOf(parts, key) : -1;
            for (var part = Math.Max(0, fromPart); part < parts.Length && rows.Count < take; part++)
            {
                IQueryable<PermissionsUser> Part(IQueryable<PermissionsUser> source)
                {
                    // A parameter, not a constant: EF Core writes "= true" as the bare column, which no index serves.
                    source = source.Where(Expression.Lambda<Func<PermissionsUser, bool>>(
                        Expression.Equal(flag.Body, Captured(parts[part])), flag.Parameters));
                    if (part == fromPart) source = IdsBefore(source, from!.Id, !ascending);
                    return ascending ? source.OrderBy(u => u.Id) : source.OrderByDescending(u => u.Id);
                }
                var scan = Part(users);
                int? edge = null;
                if (within is { } window)
                {
                    // The first user past the window, read from the flag's index; the scan stops before it.
                    edge = await Part(table).Skip(window).Select(u => (int?)u.Id).FirstOrDefaultAsync();
                    if (edge is { } edgeId) scan = IdsBefore(scan, edgeId, ascending);
                }
                rows.AddRange(await scan.Take(take - rows.Count).Select(Projection).ToListAsync());
                if (edge is not null && rows.Count < take) return (rows, false);
            }
            return (rows, true);
        }

        public override string CursorOf(KeyedUserRow row) => UserCursor.Write(row.Row.Id, flagOf(row) ? "true" : "false");

        public override bool TryReadKey(string text, out object? key)
        {
            key = text switch { "true" => true, "false" => false, _ => null };
            return key is not null;
        }
    }

    private sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }
}

/// <summary>
/// A keyset cursor: a row's id and its sort key, written <c>id:key</c> (just <c>id</c> when the key is null), e.g.
/// <c>after=1042:ANNA.SMITH1042</c>. Readable in the address bar; a cursor that does not parse means the first page.
/// </summary>
internal sealed record UserCursor(int Id, object? Key)
{
    public static string Write(int id, string? key) =>
        key is null ? id.ToString(CultureInfo.InvariantCulture) : $"{id.ToString(CultureInfo.InvariantCulture)}:{key}";

    public static bool TryParse(string? text, UserSortOrder order, out UserCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return false;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (!int.TryParse(colon < 0 ? text : text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        object? key = null;
        if (colon >= 0 && !order.TryReadKey(text[(colon + 1)..], out key)) return false;
        cursor = new UserCursor(id, key);
        return true;
    }
}
