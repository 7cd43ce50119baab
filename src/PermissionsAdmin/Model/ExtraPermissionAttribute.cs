namespace PermissionsAdmin.Model;

/// <summary>Declares a permission beyond the default four, e.g. <c>[ExtraPermission("publish_post", "Can publish post")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ExtraPermissionAttribute(string codename, string name) : Attribute
{
    public string Codename { get; } = codename;
    public string Name { get; } = name;
}
