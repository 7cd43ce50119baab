using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PermissionsAdmin.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class UserListSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IsActive",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IsStaff",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IsSuperuser",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_FirstName_Id",
                table: "AspNetUsers",
                columns: new[] { "FirstName", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IsActive_Id",
                table: "AspNetUsers",
                columns: new[] { "IsActive", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IsStaff_Id",
                table: "AspNetUsers",
                columns: new[] { "IsStaff", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IsSuperuser_Id",
                table: "AspNetUsers",
                columns: new[] { "IsSuperuser", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_LastName_Id",
                table: "AspNetUsers",
                columns: new[] { "LastName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_FirstName_Id",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IsActive_Id",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IsStaff_Id",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IsSuperuser_Id",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_LastName_Id",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IsActive",
                table: "AspNetUsers",
                column: "IsActive");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IsStaff",
                table: "AspNetUsers",
                column: "IsStaff");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IsSuperuser",
                table: "AspNetUsers",
                column: "IsSuperuser");
        }
    }
}
