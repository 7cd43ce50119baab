using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>Featured posts. The new permissions (feature_post, change_post_title) come from the catalogue sync.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122010000_PostFeatures")]
public sealed class PostFeatures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(
            name: "IsFeatured",
            table: "Posts",
            nullable: false,
            defaultValue: false);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "IsFeatured", table: "Posts");
    }
}
