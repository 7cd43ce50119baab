using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Users;

/// <summary>
/// The users list's query. Search: every word must be the start of the user name, e-mail, first or last name
/// (case-insensitive). User name and e-mail are matched on Identity's upper-cased, indexed columns, so a prefix match
/// is an index range scan; no word ever becomes a substring search. Sorting ends with the id, so pages are stable.
/// Pages are found by offset and one extra row (no COUNT of the table).
/// </summary>
public static class UserSearch
{
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["username"] = "User name",
        ["email"] = "E-mail",
        ["joined"] = "Date joined",
        ["lastlogin"] = "Last login",
    };

    public static IQueryable<PermissionsUser> Filter(PermissionsDbContext db, UserListQuery query)
    {
        IQueryable<PermissionsUser> users = db.Users.AsNoTracking();
        foreach (var word in Words(query.Q))
        {
            var upper = word.ToUpperInvariant();
            users = users.Where(u =>
                u.NormalizedUserName!.StartsWith(upper) ||
                u.NormalizedEmail!.StartsWith(upper) ||
                u.FirstName.ToUpper().StartsWith(upper) ||
                u.LastName.ToUpper().StartsWith(upper));
        }
        if (query.Staff is { } staff) users = users.Where(u => u.IsStaff == staff);
        if (query.Superuser is { } superuser) users = users.Where(u => u.IsSuperuser == superuser);
        if (query.Active is { } active) users = users.Where(u => u.IsActive == active);
        if (query.Group is { } group) users = users.Where(u => db.UserRoles.Any(m => m.UserId == u.Id && m.RoleId == group));
        return users;
    }

    public static IQueryable<PermissionsUser> Sort(IQueryable<PermissionsUser> users, string? sort) => sort switch
    {
        "-username" => users.OrderByDescending(u => u.NormalizedUserName).ThenByDescending(u => u.Id),
        "email" => users.OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id),
        "-email" => users.OrderByDescending(u => u.NormalizedEmail).ThenByDescending(u => u.Id),
        "joined" => users.OrderBy(u => u.DateJoined).ThenBy(u => u.Id),
        "-joined" => users.OrderByDescending(u => u.DateJoined).ThenByDescending(u => u.Id),
        "lastlogin" => users.OrderBy(u => u.LastLogin).ThenBy(u => u.Id),
        "-lastlogin" => users.OrderByDescending(u => u.LastLogin).ThenByDescending(u => u.Id),
        _ => users.OrderBy(u => u.NormalizedUserName).ThenBy(u => u.Id),
    };

    /// <summary>One page of rows, and whether another follows (one row more is fetched to know).</summary>
    public static async Task<(List<UserRow> Rows, bool HasNext)> PageAsync(PermissionsDbContext db, UserListQuery query, int pageSize)
    {
        var page = Math.Max(1, query.Page);
        var rows = await Sort(Filter(db, query), query.Sort)
            .Skip((page - 1) * pageSize).Take(pageSize + 1)
            .Select(u => new UserRow(u.Id, u.UserName!, u.Email, u.FirstName, u.LastName, u.IsActive, u.IsStaff, u.IsSuperuser,
                u.DateJoined, u.LastLogin))
            .ToListAsync();
        var hasNext = rows.Count > pageSize;
        if (hasNext) rows.RemoveAt(pageSize);
        return (rows, hasNext);
    }

    public static string[] Words(string? q) =>
        string.IsNullOrWhiteSpace(q) ? [] : q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Take(10).ToArray();
}
