namespace PermissionsAdmin.Api;

/// <summary>Times as the database keeps them (UTC) as the API shows them, with their offset.</summary>
internal static class StoredTimes
{
    // Some providers read the value back without its kind, so say it.
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is { } stored ? Utc(stored) : null;
}
