namespace PermissionsAdmin.Sync;

/// <summary>A permission whose entity (or declaration) is gone, with the grants that still point at it.</summary>
public sealed record StalePermission(string Name, int UserGrants, int GroupGrants);

/// <summary>What a catalogue sync did, or with <see cref="DryRun"/> would do.</summary>
public sealed record SyncReport(
    IReadOnlyList<string> CreatedContentTypes,
    IReadOnlyList<string> CreatedPermissions,
    IReadOnlyList<string> RenamedPermissions,
    IReadOnlyList<StalePermission> StalePermissions,
    IReadOnlyList<string> RemovedPermissions,
    bool DryRun)
{
    public bool NothingToDo =>
        CreatedContentTypes.Count == 0 && CreatedPermissions.Count == 0 && RenamedPermissions.Count == 0 &&
        RemovedPermissions.Count == 0;
}
