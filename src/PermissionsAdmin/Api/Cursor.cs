using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PermissionsAdmin.Api;

/// <summary>
/// Keyset pagination: a page holds the rows after the cursor's id in a fixed order, so a page costs the same at any
/// depth, nothing counts the table, and rows added meanwhile never shift or repeat rows. The cursor is opaque to
/// callers (base64url of the last id); an unreadable one is a 400 naming the <c>cursor</c> parameter.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(long lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? cursor, out long? lastId)
    {
        lastId = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            if (!long.TryParse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
            lastId = id;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The page size asked for (<see cref="DefaultLimit"/> when none); one outside 1..<see cref="MaxLimit"/> is refused, naming <c>limit</c>.</summary>
    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw new AdministrationException($"Ask for 1 to {MaxLimit} items per page.", "limit"),
    };

    /// <summary>Trims the extra row fetched to know whether another page follows, and makes the next cursor.</summary>
    public static Page<T> PageOf<T>(List<T> rows, int limit, Func<T, long> id)
    {
        if (rows.Count <= limit) return new Page<T>(rows, null);
        rows.RemoveAt(limit);
        return new Page<T>(rows, Encode(id(rows[^1])));
    }

    public static readonly string InvalidMessage = "The cursor is not one this API handed out; start again without it.";
}

/// <summary>One page of a list; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
