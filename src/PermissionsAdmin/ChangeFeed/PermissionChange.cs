using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ChangeFeed;

/// <summary>
/// One committed change that may affect cached permissions, appended by database triggers (see
/// <see cref="ChangeFeedMigrationBuilderExtensions.CreatePermissionChangeFeed"/>) whoever wrote it: this site,
/// another instance, the CLI, a SQL script. Every running site tails the table (<see cref="PermissionChangeFeed"/>).
/// </summary>
[PermissionApp("auth")]
[DefaultPermissions(DefaultPermissions.None)]
public class PermissionChange
{
    public long Id { get; set; }

    /// <summary>The user whose permissions changed, or null when the change may affect anyone (a group, the catalogue).</summary>
    public int? UserId { get; set; }

    public DateTime ChangedAt { get; set; }
}
