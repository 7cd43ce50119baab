using System.Text.RegularExpressions;

namespace PermissionsAdmin.Text;

/// <summary>Names written in code, as words people read.</summary>
internal static partial class Words
{
    /// <summary>"CreatedAt" → "Created at", "permissionsAdded" → "Permissions added": as Django labels a field from its name.</summary>
    public static string FromName(string name)
    {
        var spaced = CamelHump().Replace(name, " $1").ToLowerInvariant();
        return spaced.Length == 0 ? spaced : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}
