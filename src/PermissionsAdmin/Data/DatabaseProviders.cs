namespace PermissionsAdmin.Data;

/// <summary>The EF Core provider names (<c>Database.ProviderName</c>, <c>MigrationBuilder.ActiveProvider</c>) whose SQL differs.</summary>
internal static class DatabaseProviders
{
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";
    public const string SqlServer = "Microsoft.EntityFrameworkCore.SqlServer";
}
