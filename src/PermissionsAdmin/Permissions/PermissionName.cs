namespace PermissionsAdmin.Permissions;

/// <summary>The <c>app_label.codename</c> form of a permission, parsed.</summary>
public readonly record struct PermissionName(string AppLabel, string Codename)
{
    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="MalformedMessage"/> for a name without a dot.</summary>
    public static PermissionName Parse(string name) =>
        TryParse(name, out var parsed) ? parsed : throw new ArgumentException(MalformedMessage(name), nameof(name));

    public static bool TryParse(string? name, out PermissionName parsed)
    {
        var dot = name?.IndexOf('.') ?? -1;
        if (name is null || dot <= 0 || dot == name.Length - 1)
        {
            parsed = default;
            return false;
        }
        parsed = new PermissionName(name[..dot], name[(dot + 1)..]);
        return true;
    }

    public static string MalformedMessage(string? name) =>
        $"Permission name '{name}' should be in the form app_label.codename.";

    public override string ToString() => $"{AppLabel}.{Codename}";
}
