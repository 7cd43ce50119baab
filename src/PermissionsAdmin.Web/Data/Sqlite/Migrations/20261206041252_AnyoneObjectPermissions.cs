using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PermissionsAdmin.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AnyoneObjectPermissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnyoneObjectPermissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PermissionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    ObjectId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnyoneObjectPermissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnyoneObjectPermissions_ContentTypes_ContentTypeId",
                        column: x => x.ContentTypeId,
                        principalTable: "ContentTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnyoneObjectPermissions_Permissions_PermissionId",
                        column: x => x.PermissionId,
                        principalTable: "Permissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnyoneObjectPermissions_ContentTypeId_ObjectId_PermissionId",
                table: "AnyoneObjectPermissions",
                columns: new[] { "ContentTypeId", "ObjectId", "PermissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnyoneObjectPermissions_PermissionId",
                table: "AnyoneObjectPermissions",
                column: "PermissionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnyoneObjectPermissions");
        }
    }
}
