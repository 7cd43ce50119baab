namespace PermissionsAdmin;

/// <summary>Options bound from the <c>PermissionsAdmin</c> configuration section.</summary>
public sealed class PermissionsAdminOptions
{
    public const string SectionName = "PermissionsAdmin";

    /// <summary>How many users' permissions are kept in memory; the least recently used beyond it are reloaded.</summary>
    public int CachedUsers { get; set; } = 100_000;

    /// <summary>
    /// An endpoint naming a permission the catalogue lacks stops startup (true) or is logged as a warning (false).
    /// </summary>
    public bool FailOnUnknownEndpointPermissions { get; set; } = true;

    /// <summary>A model-level grant covers every object of its type (true), or object checks see only object grants.</summary>
    public bool ModelPermissionsCoverObjects { get; set; } = true;

    /// <summary>
    /// Object grants to anyone (visitors included) take effect and may be added (true), or are ignored and refused;
    /// switching off keeps the stored ones, so switching back on restores them.
    /// </summary>
    public bool AnyoneObjectGrants { get; set; } = true;

    /// <summary>
    /// The admin's lists count matches exactly up to this many (a search whose index cannot count it alone, up to
    /// 1,000 at most); beyond it they say "more than" it, and give the database's estimate of the table's size, so no
    /// page counts a large table.
    /// </summary>
    public int ExactCountLimit { get; set; } = 10_000;

    /// <summary>
    /// Groups as code: group name → permissions it must hold. Applied at startup: missing groups are created and
    /// missing grants added; nothing is ever removed.
    /// </summary>
    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.Ordinal);
}
