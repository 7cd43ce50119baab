namespace PermissionsAdmin.Data;

/// <summary>Times as the database keeps them (UTC), with their offset: for the API, the checker and the admin's inputs.</summary>
internal static class StoredTimes
{
    // Some providers read the value back without its kind, so say it.
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is { } stored ? Utc(stored) : null;
}
