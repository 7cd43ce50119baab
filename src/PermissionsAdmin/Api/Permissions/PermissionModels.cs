using PermissionsAdmin.Sync;


namespace PermissionsAdmin.Api.Permissions;

/// <summary>A stored permission.</summary>
/// <param name="Name">As every check names it: <c>app.codename</c>.</param>
/// <param name="Label">As the admin shows it: "app | entity | name".</param>
/// <param name="Entity">The entity's model name (<c>post</c>); <paramref name="EntityName"/> is its display name.</param>
/// <param name="Stale">Its entity or declaration is gone from the application; a superuser may remove it (POST /permissions/remove-stale).</param>
/// <param name="Groups">How many groups grant it.</param>
/// <param name="Users">How many users hold it directly.</param>
internal sealed record CataloguePermission(
    int Id, string Name, string Label, string App, string Entity, string EntityName, string Codename, string Description, bool Stale,
    int Groups, int Users);

internal sealed record PermissionCatalogueResponse(IReadOnlyList<CataloguePermission> Permissions);

/// <summary>The stale permissions removed, with how many grants went with each.</summary>
internal sealed record RemovedStalePermissions(IReadOnlyList<StalePermission> Removed);
