using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PermissionsAdmin.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class MembershipAndGrantEnds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresAt",
                table: "UserPermissions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresAt",
                table: "AspNetUserRoles",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "UserPermissions");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "AspNetUserRoles");
        }
    }
}
