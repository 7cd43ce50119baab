using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Migrations;

/// <summary>
/// The migrations are hand-written without a model snapshot, so nothing else notices when they and the entity
/// model drift apart: a database built by the migrations must equal one created straight from the model.
/// </summary>
public sealed class SchemaDriftTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_migrations_build_exactly_the_schema_of_the_model(DatabaseKind kind)
    {
        await using var migratedDb = await TestDatabase.CreateAsync(kind);
        await using var modelDb = await TestDatabase.CreateAsync(kind);

        var migrated = await BuildAndReadAsync(migratedDb, context => context.Database.MigrateAsync());
        var fromModel = await BuildAndReadAsync(modelDb, context => context.Database.EnsureCreatedAsync());

        // The reader must see the schema at all, or two empty readings would agree.
        Assert.Contains(fromModel, line => line.StartsWith("table Permissions", StringComparison.Ordinal));
        Assert.Contains(fromModel, line => line.StartsWith("column Posts.Title ", StringComparison.Ordinal));
        Assert.Contains(fromModel, line => line.StartsWith("index Permissions.IX_Permissions_ContentTypeId_Codename ", StringComparison.Ordinal));
        Assert.Contains(fromModel, line => line.StartsWith("foreign key Comments", StringComparison.Ordinal));

        var onlyInModel = fromModel.Except(migrated).ToList();
        var onlyInMigrations = migrated.Except(fromModel).ToList();
        Assert.True(onlyInModel.Count == 0 && onlyInMigrations.Count == 0,
            $"The migrations and the model disagree on {kind}.\n" +
            $"Only in the model (EnsureCreated):\n{Indent(onlyInModel)}\nOnly in the migrations (Migrate):\n{Indent(onlyInMigrations)}");
        Assert.Equal(fromModel, migrated);
    }

    private static string Indent(List<string> lines) => lines.Count == 0 ? "  (none)" : "  " + string.Join("\n  ", lines);

    private static async Task<List<string>> BuildAndReadAsync(TestDatabase db, Func<AppDbContext, Task> create)
    {
        await using var site = TestSite.Build(db);
        using var scope = site.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await create(context);
        return await SchemaReader.ReadAsync(context);
    }
}
