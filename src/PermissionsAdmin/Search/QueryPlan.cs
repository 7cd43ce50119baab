namespace PermissionsAdmin.Search;

/// <summary>
/// How a list's filters are written for the database's planner, which on SQLite keeps no statistics of how a column's
/// values spread and so cannot choose between walking the list's order and fetching the matches by itself.
/// </summary>
public enum QueryPlan
{
    /// <summary>Every filter served by its index where one helps, a search by its index unless most rows match.</summary>
    Default,

    /// <summary>For counting or fetching every match: a search always through its index.</summary>
    Count,

    /// <summary>
    /// For a page when many rows match: filters written so that no index serves them (a yes/no column compared with
    /// ≠), so the database walks the list's sort order and skips the few others, rather than reading every match and
    /// sorting them; a search is checked on each row walked, as the caller has counted too many matches to fetch.
    /// </summary>
    SortOrder,
}
