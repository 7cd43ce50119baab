namespace PermissionsAdmin.Model;

/// <summary>A permission row; its string form everywhere is <c>app_label.codename</c>.</summary>
[PermissionApp(AuthPermissions.App)]
public class Permission
{
    public const int MaxCodenameLength = 100;
    public const int MaxNameLength = 255;

    public int Id { get; set; }
    public int ContentTypeId { get; set; }
    public ContentType ContentType { get; set; } = null!;
    public required string Codename { get; set; }

    /// <summary>Human label, e.g. "Can change post".</summary>
    public required string Name { get; set; }

    public override string ToString() => $"{ContentType?.AppLabel}.{Codename}";
}
