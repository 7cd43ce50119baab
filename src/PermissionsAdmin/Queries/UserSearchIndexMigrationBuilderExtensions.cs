using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Queries;

/// <summary>The users list's search index (<see cref="UserSearch.Columns"/> of Identity's users table): call in a migration.</summary>
public static class UserSearchIndexMigrationBuilderExtensions
{
    private const string Table = "AspNetUsers";

    public static void CreateUserSearchIndex(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateSearchIndex(Table, "Id", UserSearch.Columns);

    public static void DropUserSearchIndex(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropSearchIndex(Table, UserSearch.Columns);

    /// <summary>PostgreSQL's search table of the users, which replaces their per-column index (see <see cref="SearchIndexMigrationBuilderExtensions.CreateSearchTable"/>).</summary>
    public static void CreateUserSearchTable(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateSearchTable(Table, "Id", UserSearch.Columns);

    public static void DropUserSearchTable(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropSearchTable(Table);
}
