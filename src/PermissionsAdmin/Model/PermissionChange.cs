namespace PermissionsAdmin.Model;

/// <summary>
/// One committed change that may affect cached permissions, appended by database triggers (see
/// <c>ChangeFeedMigrationBuilderExtensions.CreatePermissionChangeFeed</c>) whoever wrote it: this site,
/// another instance, the CLI, a SQL script. Every running site tails the table (<c>PermissionChangeFeed</c>).
/// </summary>
[PermissionApp(AuthPermissions.App)]
[DefaultPermissions(DefaultPermissions.None)]
public class PermissionChange
{
    public long Id { get; set; }

    /// <summary>The user whose permissions changed, or null when the change may affect anyone (a group, the catalogue).</summary>
    public int? UserId { get; set; }

    public DateTime ChangedAt { get; set; }
}
