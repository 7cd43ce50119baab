using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>
/// Binds each group the configuration manages (<c>PermissionsAdmin:Groups</c>) to that configuration, by a column on
/// the group. Existing groups start unbound; the next startup binds each configured name to the group that has it.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205010000_ConfiguredGroups")]
public sealed class ConfiguredGroups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "ConfiguredName", table: "AspNetRoles", maxLength: 256, nullable: true);
        migrationBuilder.CreateIndex("IX_AspNetRoles_ConfiguredName", "AspNetRoles", "ConfiguredName", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_AspNetRoles_ConfiguredName", "AspNetRoles");
        migrationBuilder.DropColumn("ConfiguredName", "AspNetRoles");
    }
}
