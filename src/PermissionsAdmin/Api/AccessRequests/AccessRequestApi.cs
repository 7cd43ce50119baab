using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Api.AccessRequests;

/// <summary>Statuses and durations as the access-request endpoints write and read them ("pending", "8h").</summary>
internal static class AccessRequestApi
{
    public static string Status(AccessRequestStatus status) => status.ToString().ToLowerInvariant();

    public static string? Duration(TimeSpan? duration) => duration is { } d ? ShortDuration.Format(d) : null;

    /// <summary>A duration from the body: null when left out; unreadable, refused naming <paramref name="field"/>.</summary>
    public static TimeSpan? ReadDuration(string? text, string field) =>
        text is null ? null
        : ShortDuration.TryParse(text, out var duration) ? duration
        : throw new AdministrationException(
            $"Give a positive number of minutes, hours or days, such as {ShortDuration.Examples}, or leave it out.", field);
}
