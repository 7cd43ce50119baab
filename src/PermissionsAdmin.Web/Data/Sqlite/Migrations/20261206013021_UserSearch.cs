using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Queries;

#nullable disable

namespace PermissionsAdmin.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedEmail_Prefix",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedFirstName_Prefix",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedLastName_Prefix",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedUserName_Prefix",
                table: "AspNetUsers");

            // SQLite's own DROP COLUMN, not EF Core's DropColumn: that rebuilds the table, and dropping the old table
            // drops its triggers, the change feed's among them.
            migrationBuilder.Sql("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"NormalizedFirstName\";");
            migrationBuilder.Sql("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"NormalizedLastName\";");

            // Not in the model: the trigram index of the users list's search; nothing on SQL Server.
            migrationBuilder.CreateUserSearchIndex();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropUserSearchIndex();

            migrationBuilder.AddColumn<string>(
                name: "NormalizedFirstName",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedLastName",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedEmail_Prefix",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedFirstName_Prefix",
                table: "AspNetUsers",
                column: "NormalizedFirstName");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedLastName_Prefix",
                table: "AspNetUsers",
                column: "NormalizedLastName");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedUserName_Prefix",
                table: "AspNetUsers",
                column: "NormalizedUserName");
        }
    }
}
