using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Search;

#nullable disable

namespace PermissionsAdmin.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PostSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Not in the model: the trigram index of the post admin's search (Title, Body); nothing on SQL Server.
            migrationBuilder.CreateSearchIndex("Posts", "Id", "Title", "Body");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropSearchIndex("Posts", "Title", "Body");
        }
    }
}
