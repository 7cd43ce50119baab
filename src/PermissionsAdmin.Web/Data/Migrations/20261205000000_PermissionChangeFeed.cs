using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.ChangeFeed;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>
/// The permission change feed: a table that triggers append to whenever grants, memberships, groups, the catalogue
/// or a user's flags change, whoever writes, and that every running site tails (see <see cref="PermissionsAdmin.ChangeFeed.PermissionChangeFeed"/>).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000000_PermissionChangeFeed")]
public sealed class PermissionChangeFeed : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PermissionChanges",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                UserId = table.Column<int>(nullable: true),
                ChangedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PermissionChanges", x => x.Id));

        migrationBuilder.CreatePermissionChangeFeed();
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropPermissionChangeFeed();
        migrationBuilder.DropTable("PermissionChanges");
    }
}
