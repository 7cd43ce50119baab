namespace PermissionsAdmin.Model;

/// <summary>The generated permissions an entity gets; all four unless trimmed with <see cref="DefaultPermissionsAttribute"/>.</summary>
[Flags]
public enum DefaultPermissions
{
    None = 0,
    Add = 1,
    Change = 2,
    Delete = 4,
    View = 8,
    All = Add | Change | Delete | View,
}

/// <summary>Trims the default add/change/delete/view permissions, e.g. <c>[DefaultPermissions(DefaultPermissions.View)]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DefaultPermissionsAttribute(DefaultPermissions permissions) : Attribute
{
    public DefaultPermissions Permissions { get; } = permissions;
}
