namespace PermissionsAdmin.Model;

/// <summary>
/// Names the app an entity's permissions belong to (<c>[PermissionApp("blog")]</c> gives <c>blog.change_post</c>).
/// Without it the app label is the last segment of the entity's namespace, lower-cased.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PermissionAppAttribute(string appLabel) : Attribute
{
    public string AppLabel { get; } = appLabel;
}
