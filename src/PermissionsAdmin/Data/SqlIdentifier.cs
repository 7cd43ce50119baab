namespace PermissionsAdmin.Data;

/// <summary>Identifiers (and FTS5 strings) written into SQL the migrations and searches make.</summary>
internal static class SqlIdentifier
{
    /// <summary>In double quotes, each one inside doubled: SQLite, PostgreSQL, and SQL Server with QUOTED_IDENTIFIER on.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
