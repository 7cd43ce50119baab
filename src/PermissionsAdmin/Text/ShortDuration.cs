using System.Globalization;
using System.Text.RegularExpressions;

namespace PermissionsAdmin.Text;

/// <summary>
/// A while written as a count of minutes, hours or days (<c>30m</c>, <c>8h</c>, <c>7d</c>): how the CLI, the API and the
/// pages take the length of a grant or a request, and how they show it.
/// </summary>
public static partial class ShortDuration
{
    public const string Examples = "30m, 8h or 7d";

    /// <summary>Reads a positive count of m, h or d; false for anything else, or a while too long to add to a date.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (text is null || Written().Match(text.Trim()) is not { Success: true } match ||
            !long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }
        var minutes = count * match.Groups[2].Value switch { "m" => 1.0, "h" => 60.0, _ => 24 * 60.0 };
        // Any later moment plus it must stay a date: a hundred years is more than any grant needs.
        if (minutes > TimeSpan.FromDays(36_500).TotalMinutes) return false;
        duration = TimeSpan.FromMinutes(minutes);
        return true;
    }

    /// <summary>The shortest exact form: <c>7d</c>, <c>8h</c>, else minutes (rounded up).</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        _ when duration.Ticks % TimeSpan.TicksPerDay == 0 => $"{duration.Ticks / TimeSpan.TicksPerDay}d",
        _ when duration.Ticks % TimeSpan.TicksPerHour == 0 => $"{duration.Ticks / TimeSpan.TicksPerHour}h",
        _ => $"{(long)Math.Ceiling(duration.TotalMinutes)}m",
    };

    [GeneratedRegex(@"^([0-9]{1,12})([mhd])\z")]
    private static partial Regex Written();
}
