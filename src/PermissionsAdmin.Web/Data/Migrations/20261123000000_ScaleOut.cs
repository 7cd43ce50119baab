using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.PostgreSql;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>
/// Several instances on one database: the shared data protection key ring (every provider, unused by a single
/// instance), and on PostgreSQL the triggers that announce every permission change with NOTIFY (see
/// <see cref="PermissionChangeNotifications"/>; they do nothing on other providers).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000000_ScaleOut")]
public sealed class ScaleOut : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreatePermissionChangeNotifications();
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropPermissionChangeNotifications();
        migrationBuilder.DropTable("DataProtectionKeys");
    }
}
