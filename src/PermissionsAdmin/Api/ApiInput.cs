using PermissionsAdmin.Text;

namespace PermissionsAdmin.Api;

/// <summary>
/// Reading a request's input into service arguments. Bad input is a 400 naming the field (through
/// <see cref="ApiErrors"/>), never a 404: an id in the body that names nothing is wrong input, not a missing URL.
/// </summary>
internal static class ApiInput
{
    /// <summary>The id after which the page starts, from <c>?cursor=</c>; an unreadable cursor is refused.</summary>
    public static int? AfterId(string? cursor)
    {
        if (!Cursor.TryDecode(cursor, out var lastId)) throw new AdministrationException(Cursor.InvalidMessage, "cursor");
        return lastId is { } id ? (int)Math.Min(id, int.MaxValue) : null;
    }

    /// <summary>The id after which the page starts, for lists keyed by <c>long</c>.</summary>
    public static long? AfterLongId(string? cursor) =>
        Cursor.TryDecode(cursor, out var lastId) ? lastId : throw new AdministrationException(Cursor.InvalidMessage, "cursor");

    public static T Required<T>(T? value, string field, string message) where T : class =>
        value ?? throw new AdministrationException(message, field);

    public static T Required<T>(T? value, string field, string message) where T : struct =>
        value ?? throw new AdministrationException(message, field);

    public static string RequiredText(string? value, string field, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new AdministrationException(message, field) : value.Trim();

    /// <summary>When a membership or grant given ends: null (for good) when left out; a moment without its offset is refused.</summary>
    public static DateTimeOffset? ExpiresAt(string? text) =>
        text is null ? null
        : IsoInstant.TryParse(text, out var end) ? end
        : throw new AdministrationException(
            $"Give the end in ISO 8601 with its offset, e.g. {IsoInstant.Example}, or leave it out for no end.", "expiresAt");

    /// <summary>Runs a change whose users or groups come from the body: one that does not exist is refused as bad <paramref name="field"/>.</summary>
    public static async Task<T> ReferencingAsync<T>(string field, Func<Task<T>> change)
    {
        try
        {
            return await change();
        }
        catch (AdministrationNotFoundException missing)
        {
            throw new AdministrationException(missing.Message, field);
        }
    }

    public static Task ReferencingAsync(string field, Func<Task> change) =>
        ReferencingAsync(field, async () => { await change(); return true; });
}
