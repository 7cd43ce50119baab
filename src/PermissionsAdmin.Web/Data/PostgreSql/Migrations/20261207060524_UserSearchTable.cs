using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Queries;

#nullable disable

namespace PermissionsAdmin.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class UserSearchTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Not in the model: the users' search table replaces their four trigram indexes (PostgreSQL only).
            migrationBuilder.DropUserSearchIndex();
            migrationBuilder.CreateUserSearchTable();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropUserSearchTable();
            migrationBuilder.CreateUserSearchIndex();
        }
    }
}
