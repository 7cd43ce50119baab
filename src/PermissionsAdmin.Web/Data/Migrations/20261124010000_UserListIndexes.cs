using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>
/// The admin users list at a million users: upper-cased first and last names (filled from the existing rows), an
/// index for each searched column's prefix match, one per sort order ending with the id for keyset pages (the
/// user-name one covering what searches and filters read), and one per flag for filters on a rare value.
/// Index options are PostgreSQL annotations that other providers ignore, exactly as the model declares them.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261124010000_UserListIndexes")]
public sealed class UserListIndexes : Migration
{
    private const string Users = "AspNetUsers";
    private static readonly string[] Flags = ["IsActive", "IsStaff", "IsSuperuser"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "NormalizedFirstName", "NormalizedLastName" })
        {
            migrationBuilder.AddColumn<string>(name: column, table: Users, maxLength: 150, nullable: false, defaultValue: "");
        }
        // The search matched UPPER(name) until now; the same function keeps existing rows found exactly as before.
        migrationBuilder.Sql("""UPDATE "AspNetUsers" SET "NormalizedFirstName" = UPPER("FirstName"), "NormalizedLastName" = UPPER("LastName");""");

        foreach (var column in new[] { "NormalizedUserName", "NormalizedEmail", "NormalizedFirstName", "NormalizedLastName" })
        {
            migrationBuilder.CreateIndex($"IX_{Users}_{column}_Prefix", Users, column)
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });
        }
        foreach (var column in new[] { "NormalizedEmail", "DateJoined", "LastLogin" })
        {
            migrationBuilder.CreateIndex($"IX_{Users}_{column}_Id", Users, [column, "Id"]);
        }
        migrationBuilder.CreateIndex($"IX_{Users}_NormalizedUserName_Id", Users, ["NormalizedUserName", "Id"])
            .Annotation("Npgsql:IndexInclude", new[] { "NormalizedEmail", "NormalizedFirstName", "NormalizedLastName", "IsActive", "IsStaff", "IsSuperuser" });
        foreach (var flag in Flags) migrationBuilder.CreateIndex($"IX_{Users}_{flag}", Users, flag);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "NormalizedUserName", "NormalizedEmail", "NormalizedFirstName", "NormalizedLastName" })
        {
            migrationBuilder.DropIndex($"IX_{Users}_{column}_Prefix", Users);
        }
        foreach (var column in new[] { "NormalizedEmail", "DateJoined", "LastLogin" })
        {
            migrationBuilder.DropIndex($"IX_{Users}_{column}_Id", Users);
        }
        migrationBuilder.DropIndex($"IX_{Users}_NormalizedUserName_Id", Users);
        foreach (var flag in Flags) migrationBuilder.DropIndex($"IX_{Users}_{flag}", Users);
        migrationBuilder.DropColumn("NormalizedFirstName", Users);
        migrationBuilder.DropColumn("NormalizedLastName", Users);
    }
}
