using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Data.PostgreSql;
using PermissionsAdmin.Web.Data.Sqlite;
using PermissionsAdmin.Web.Data.SqlServer;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Migrations;

/// <summary>
/// Each provider's migrations must match the model: no change left for a new migration, and (where a server runs
/// here) a database built by the migrations equals one created straight from the model.
/// </summary>
public sealed partial class SchemaDriftTests
{
    public static TheoryData<string> AllProviders => [DatabaseSetup.Sqlite, DatabaseSetup.PostgreSql, DatabaseSetup.SqlServer];

    [Theory]
    [MemberData(nameof(AllProviders))]
    public void The_model_has_no_change_its_migrations_lack(string provider)
    {
        using var context = DesignTimeContext(provider);

        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration makes: add one with the command in README (Migrations).");
    }

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
        // The change feed's triggers are the migrations' own, outside the model.
        Assert.Contains(migrated, line => line.StartsWith("trigger UserPermissions.", StringComparison.Ordinal));
        // A table rebuilt by a later migration (EF Core does so on SQLite for some changes) loses its triggers.
        Assert.Contains(migrated, line => line.StartsWith("trigger AspNetUsers.permissionsadmin_feed", StringComparison.Ordinal));
        // So are the search indexes: the posts' (SQLite's FTS5 table, PostgreSQL's trigram index on a column) and the
        // users' (a search table on both).
        Assert.Contains(migrated, line => kind == DatabaseKind.Sqlite
            ? line == "table Posts_search"
            : line.StartsWith("index Posts.IX_Posts_Title_search ", StringComparison.Ordinal));
        Assert.Contains("table AspNetUsers_search", migrated);
        migrated = migrated.Where(line => !IsOutsideTheModel(line)).ToList();

        var onlyInModel = fromModel.Except(migrated).ToList();
        var onlyInMigrations = migrated.Except(fromModel).ToList();
        Assert.True(onlyInModel.Count == 0 && onlyInMigrations.Count == 0,
            $"The migrations and the model disagree on {kind}.\n" +
            $"Only in the model (EnsureCreated):\n{Indent(onlyInModel)}\nOnly in the migrations (Migrate):\n{Indent(onlyInMigrations)}");
        Assert.Equal(fromModel, migrated);
    }

    /// <summary>A context of the provider's own type, as <c>dotnet ef</c> builds it: no server needed.</summary>
    internal static AppDbContext DesignTimeContext(string provider) => provider switch
    {
        DatabaseSetup.Sqlite => new SqliteDesignTimeFactory().CreateDbContext([]),
        DatabaseSetup.PostgreSql => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };

    private static bool IsOutsideTheModel(string line) =>
        line.StartsWith("trigger ", StringComparison.Ordinal) || line.StartsWith("function ", StringComparison.Ordinal) ||
        SearchIndexLine().IsMatch(line);

    /// <summary>
    /// The search indexes (<see cref="PermissionsAdmin.Search.SearchIndexMigrationBuilderExtensions"/>): SQLite's FTS5 tables with their
    /// shadow tables, PostgreSQL's trigram indexes and search tables.
    /// </summary>
    [GeneratedRegex(@"^(table|column|primary key|foreign key|index) \w+_search(_\w+)?( |\.|$)|^index \w+\.IX_\w+_search ")]
    private static partial Regex SearchIndexLine();

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
