using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Queries;

#nullable disable

namespace PermissionsAdmin.Web.Data.SqlServer.Migrations
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

            migrationBuilder.DropColumn(
                name: "NormalizedFirstName",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NormalizedLastName",
                table: "AspNetUsers");

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
                type: "nvarchar(150)",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedLastName",
                table: "AspNetUsers",
                type: "nvarchar(150)",
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
