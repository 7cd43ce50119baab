using PermissionsAdmin.Text;

namespace PermissionsAdmin.Permissions;

/// <summary>
/// The <c>app_label.codename</c> form of a permission, parsed. Names are exact, as in Django: no whitespace or control
/// characters anywhere (so <c>"blog.add_post "</c> is malformed, not trimmed), and case matters (so
/// <c>Blog.Add_Post</c> is well-formed but unknown, which every door refuses as it refuses any unknown name).
/// </summary>
public readonly record struct PermissionName(string AppLabel, string Codename)
{
    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="MalformedMessage"/> for a name without a dot.</summary>
    public static PermissionName Parse(string name) =>
        TryParse(name, out var parsed) ? parsed : throw Malformed(name);

    public static bool TryParse(string? name, out PermissionName parsed)
    {
        var dot = DotIndex(name);
        parsed = dot > 0 ? new PermissionName(name![..dot], name[(dot + 1)..]) : default;
        return dot > 0;
    }

    /// <summary>The check of <see cref="Parse"/> without its two strings: checkers validate every name on every call.</summary>
    public static void ThrowIfMalformed(string name)
    {
        if (DotIndex(name) <= 0) throw Malformed(name);
    }

    public static string MalformedMessage(string? name) =>
        Messages.Format("Permission name '{0}' should be in the form app_label.codename.", name);

    public override string ToString() => $"{AppLabel}.{Codename}";

    /// <summary>The dot between app label and codename, or -1 when either side is empty or the name holds whitespace or control characters.</summary>
    private static int DotIndex(string? name)
    {
        var dot = name?.IndexOf('.') ?? -1;
        if (dot <= 0 || dot >= name!.Length - 1) return -1;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return -1;
        }
        return dot;
    }

    private static ArgumentException Malformed(string? name) => new(MalformedMessage(name), nameof(name));
}
