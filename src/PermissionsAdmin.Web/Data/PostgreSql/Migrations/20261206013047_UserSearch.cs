using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Queries;

#nullable disable

namespace PermissionsAdmin.Web.Data.PostgreSql.Migrations
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
                name: "IX_AspNetUsers_NormalizedUserName_Id",
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

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedUserName_Id",
                table: "AspNetUsers",
                columns: new[] { "NormalizedUserName", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "UserName", "Email", "FirstName", "LastName", "IsActive", "IsStaff", "IsSuperuser" });

            // Not in the model: the trigram index of the users list's search; nothing on SQL Server.
            migrationBuilder.CreateUserSearchIndex();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropUserSearchIndex();

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedUserName_Id",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedFirstName",
                table: "AspNetUsers",
                type: "character varying(150)",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedLastName",
                table: "AspNetUsers",
                type: "character varying(150)",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedEmail_Prefix",
                table: "AspNetUsers",
                column: "NormalizedEmail")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedFirstName_Prefix",
                table: "AspNetUsers",
                column: "NormalizedFirstName")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedLastName_Prefix",
                table: "AspNetUsers",
                column: "NormalizedLastName")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedUserName_Id",
                table: "AspNetUsers",
                columns: new[] { "NormalizedUserName", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "NormalizedEmail", "NormalizedFirstName", "NormalizedLastName", "IsActive", "IsStaff", "IsSuperuser" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedUserName_Prefix",
                table: "AspNetUsers",
                column: "NormalizedUserName")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });
        }
    }
}
