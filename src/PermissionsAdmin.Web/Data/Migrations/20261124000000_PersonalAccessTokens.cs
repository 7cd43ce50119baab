using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>Personal access tokens: their hashes (never the text), names, expiry, last use and revocation.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261124000000_PersonalAccessTokens")]
public sealed class PersonalAccessTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PersonalAccessTokens",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                UserId = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                Prefix = table.Column<string>(maxLength: 12, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                LastUsedAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PersonalAccessTokens", x => x.Id);
                table.ForeignKey("FK_PersonalAccessTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_PersonalAccessTokens_Hash", "PersonalAccessTokens", "Hash", unique: true);
        migrationBuilder.CreateIndex("IX_PersonalAccessTokens_UserId_Name", "PersonalAccessTokens", ["UserId", "Name"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("PersonalAccessTokens");
}
