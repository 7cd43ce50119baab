using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.Web.Data.Migrations;

/// <summary>The audit trail of administration changes; plain text, no foreign keys, so it outlives users.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122020000_AuditEntries")]
public sealed class AuditEntries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                At = table.Column<DateTime>(nullable: false),
                ActorId = table.Column<int>(nullable: true),
                ActorName = table.Column<string>(maxLength: 256, nullable: false),
                Channel = table.Column<string>(maxLength: 20, nullable: false),
                ObjectType = table.Column<string>(maxLength: 201, nullable: false),
                ObjectId = table.Column<string>(maxLength: 100, nullable: false),
                ObjectRepr = table.Column<string>(maxLength: 200, nullable: false),
                Action = table.Column<int>(nullable: false),
                Changes = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));

        migrationBuilder.CreateIndex("IX_AuditEntries_ObjectType_ObjectId_At", "AuditEntries", ["ObjectType", "ObjectId", "At"]);
        migrationBuilder.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        migrationBuilder.CreateIndex("IX_AuditEntries_ActorId", "AuditEntries", "ActorId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("AuditEntries");
}
