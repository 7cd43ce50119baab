using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>Object permissions: user and group grants on single rows, keyed by content type and integer id.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122030000_ObjectPermissions")]
public sealed class ObjectPermissions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, holder, holderTable) in new[]
        {
            ("UserObjectPermissions", "UserId", "AspNetUsers"),
            ("GroupObjectPermissions", "GroupId", "AspNetRoles"),
        })
        {
            migrationBuilder.CreateTable(
                name: table,
                columns: t => new
                {
                    Id = t.Column<long>(nullable: false).AutoIncrement(),
                    Holder = t.Column<int>(name: holder, nullable: false),
                    PermissionId = t.Column<int>(nullable: false),
                    ContentTypeId = t.Column<int>(nullable: false),
                    ObjectId = t.Column<int>(nullable: false),
                },
                constraints: t =>
                {
                    t.PrimaryKey($"PK_{table}", x => x.Id);
                    t.ForeignKey($"FK_{table}_{holderTable}_{holder}", x => x.Holder, holderTable, "Id", onDelete: ReferentialAction.Cascade);
                    t.ForeignKey($"FK_{table}_ContentTypes_ContentTypeId", x => x.ContentTypeId, "ContentTypes", "Id", onDelete: ReferentialAction.Cascade);
                    t.ForeignKey($"FK_{table}_Permissions_PermissionId", x => x.PermissionId, "Permissions", "Id", onDelete: ReferentialAction.Cascade);
                });
            migrationBuilder.CreateIndex($"IX_{table}_{holder}_PermissionId_ObjectId", table, [holder, "PermissionId", "ObjectId"], unique: true);
            migrationBuilder.CreateIndex($"IX_{table}_ContentTypeId_ObjectId", table, ["ContentTypeId", "ObjectId"]);
            migrationBuilder.CreateIndex($"IX_{table}_PermissionId", table, "PermissionId");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("GroupObjectPermissions");
        migrationBuilder.DropTable("UserObjectPermissions");
    }
}
