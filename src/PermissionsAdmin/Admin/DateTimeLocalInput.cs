using System.Globalization;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Admin;

/// <summary>
/// The value of an <c>&lt;input type="datetime-local"&gt;</c>, which carries no time zone: the admin labels such inputs
/// UTC and reads them so, whatever the browser's or the server's zone.
/// </summary>
internal static class DateTimeLocalInput
{
    // What browsers send: minutes, and seconds or milliseconds when the input's step asks for them.
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    public static bool TryParseUtc(string value, out DateTimeOffset utc)
    {
        var parsed = DateTime.TryParseExact(value.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time);
        utc = parsed ? StoredTimes.Utc(time) : default;
        return parsed;
    }
}
