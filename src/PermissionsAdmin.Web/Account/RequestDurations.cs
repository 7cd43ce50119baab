using PermissionsAdmin.Text;

namespace PermissionsAdmin.Web.Account;

/// <summary>
/// The lengths the access page offers for a request: a short ladder cut at the group's longest, and "for good" only
/// when the group has no longest. A select posts one of their values; anything else is a forged form.
/// </summary>
public static class RequestDurations
{
    public const string ForGood = "forever";

    private static readonly TimeSpan[] Ladder =
        [TimeSpan.FromHours(1), TimeSpan.FromHours(8), TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];

    /// <summary>The choices as (value, label), shortest first.</summary>
    public static IReadOnlyList<(string Value, string Label)> For(TimeSpan? longest)
    {
        var lengths = Ladder.Where(d => longest is not { } max || d <= max).ToList();
        // A group given for less than the ladder's first step, or for a length between two steps, still offers its longest.
        if (longest is { } limit && !lengths.Contains(limit)) lengths.Add(limit);
        var choices = lengths.Select(d => (ShortDuration.Format(d), Label(d))).ToList();
        if (longest is null) choices.Add((ForGood, "for good"));
        return choices;
    }

    /// <summary>Reads a posted choice: null for good, else its length; false when it is neither.</summary>
    public static bool TryRead(string? value, out TimeSpan? duration)
    {
        duration = null;
        if (value == ForGood) return true;
        if (!ShortDuration.TryParse(value, out var length)) return false;
        duration = length;
        return true;
    }

    private static string Label(TimeSpan length) => length switch
    {
        _ when length == TimeSpan.FromHours(1) => "1 hour",
        _ when length == TimeSpan.FromDays(1) => "1 day",
        _ when length.Ticks % TimeSpan.TicksPerDay == 0 => $"{length.Days} days",
        _ when length.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)length.TotalHours} hours",
        _ => $"{(long)Math.Ceiling(length.TotalMinutes)} minutes",
    };
}
