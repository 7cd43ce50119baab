namespace PermissionsAdmin.Model;

/// <summary>
/// The names of the <c>auth</c> app's permissions that the library itself requires (Django's <c>auth.change_user</c>):
/// on users, groups and the permission catalogue, generated from Identity's user and role like any entity's.
/// </summary>
public static class AuthPermissions
{
    /// <summary>The app label of Identity's user and role and of the permission catalogue.</summary>
    public const string App = "auth";

    /// <summary>The audit trail's object types (<c>app.model</c>) of a user, a group and a permission.</summary>
    public const string UserObjectType = "auth.user";
    public const string GroupObjectType = "auth.group";
    public const string PermissionObjectType = "auth.permission";

    public const string AddUser = "auth.add_user";
    public const string ChangeUser = "auth.change_user";
    public const string DeleteUser = "auth.delete_user";
    public const string ViewUser = "auth.view_user";
    public const string AddGroup = "auth.add_group";
    public const string ChangeGroup = "auth.change_group";
    public const string DeleteGroup = "auth.delete_group";
    public const string ViewGroup = "auth.view_group";
    public const string ViewPermission = "auth.view_permission";

    /// <summary>Reading the log of changes (Django's <c>admin.view_logentry</c>).</summary>
    public const string ViewAuditEntry = "admin.view_auditentry";
}
