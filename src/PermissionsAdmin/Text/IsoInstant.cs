using System.Globalization;
using System.Text.RegularExpressions;

namespace PermissionsAdmin.Text;

/// <summary>
/// A moment written in ISO 8601 with its offset (<c>2026-12-31T18:00Z</c>, <c>2026-12-31T19:00:00+01:00</c>): how the
/// API and the CLI take the end of a membership or a grant. The offset is required: without it the moment would
/// depend on the server's time zone.
/// </summary>
internal static partial class IsoInstant
{
    public const string Example = "2026-12-31T18:00Z";

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is not null && Written().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z")]
    private static partial Regex Written();
}
