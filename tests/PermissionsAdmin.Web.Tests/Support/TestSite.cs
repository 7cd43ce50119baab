using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Data.PostgreSql;
using PermissionsAdmin.Web.Data.Sqlite;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Builds the real site (<see cref="SiteHost.Build"/>) over a test database: the Web project's own content root and
/// appsettings.json, with the database settings (and any extra settings) layered on top in memory.
/// </summary>
internal static class TestSite
{
    /// <summary>src/PermissionsAdmin.Web, found by walking up from the test binaries to the solution.</summary>
    public static string ContentRoot { get; } = FindContentRoot();

    /// <summary>Where the test sites' e-mail goes (not the source tree); a test reading mail names its own.</summary>
    public static string MailFolder { get; } = Path.Combine(Path.GetTempPath(), "permissionsadmin-tests-mail");

    /// <param name="environment">The hosting environment when not the default (Development is what <c>dotnet run</c> gives).</param>
    public static WebApplication Build(
        TestDatabase db, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<WebApplicationBuilder>? configure = null,
        string? environment = null) =>
        Build(SiteHost.Build, db, settings, configure, environment);

    /// <summary>The site as a management command builds it (<see cref="SiteHost.BuildForCommands"/>): its services alone.</summary>
    public static WebApplication BuildForCommands(TestDatabase db, Action<WebApplicationBuilder>? configure = null) =>
        Build(SiteHost.BuildForCommands, db, null, configure, null);

    private static WebApplication Build(
        Func<string[], Action<WebApplicationBuilder>, WebApplication> build, TestDatabase db,
        IEnumerable<KeyValuePair<string, string?>>? settings, Action<WebApplicationBuilder>? configure, string? environment)
    {
        // The test assembly is the entry assembly: name the site's so MVC finds its controllers and views. No test edits
        // appsettings.json while a site runs, and watching it for changes watched every folder under the content root
        // (bin and obj too): 13 of a site's 60 ms of CPU to build.
        string[] args = [$"--contentRoot={ContentRoot}", "--applicationName=PermissionsAdmin.Web", "--hostBuilder:reloadConfigOnChange=false",
            .. environment is null ? Array.Empty<string>() : [$"--environment={environment}"]];
        return build(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = db.ProviderName,
                ["ConnectionStrings:Default"] = db.ConnectionString,
                ["Email:Folder"] = MailFolder,
            });
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new TestOutputLogs());
            builder.Services.UseCheapPasswordHashing();
            // EF Core's startup comparison of the model with the migrations' snapshot cost each site 40–80 ms;
            // SchemaDriftTests makes it once per provider.
            builder.Services.ConfigureDbContext<AppDbContext>(options =>
                options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
            configure?.Invoke(builder);
        });
    }

    /// <summary>
    /// Runs <paramref name="query"/> against the provider's <see cref="AppDbContext"/>, built alone: reading needs none
    /// of the site's services, and building a site for it cost a test 60–100 ms each time.
    /// </summary>
    public static async Task<T> QueryAsync<T>(TestDatabase db, Func<AppDbContext, Task<T>> query)
    {
        await using AppDbContext context = db.Kind == DatabaseKind.Sqlite
            ? new SqliteAppDbContext(ContextOptions<SqliteAppDbContext>(db))
            : new PostgreSqlAppDbContext(ContextOptions<PostgreSqlAppDbContext>(db));
        return await query(context);
    }

    /// <summary>Runs <paramref name="change"/> through the site's own <see cref="AppDbContext"/>, its interceptors included.</summary>
    public static async Task ExecuteAsync(TestDatabase db, Func<AppDbContext, Task> change)
    {
        await using var site = BuildForCommands(db);
        using var scope = site.Services.CreateScope();
        await change(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static DbContextOptions<TContext> ContextOptions<TContext>(TestDatabase db) where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        db.Configure(options);
        return options.Options;
    }

    private static string FindContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PermissionsAdmin.sln")))
            {
                return Path.Combine(dir.FullName, "src", "PermissionsAdmin.Web");
            }
        }
        throw new InvalidOperationException($"PermissionsAdmin.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Query shortcuts the tests share.</summary>
internal static class AppDbContextQueries
{
    public static Task<bool> PermissionExistsAsync(this AppDbContext context, string appLabel, string codename) =>
        context.Permissions.AnyAsync(p => p.ContentType.AppLabel == appLabel && p.Codename == codename);

    /// <summary>The group's permissions as sorted <c>app.codename</c> names.</summary>
    public static async Task<List<string>> GroupPermissionNamesAsync(this AppDbContext context, string group) =>
        (await context.GroupPermissions.Where(g => g.Group.Name == group)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync())
        .Order(StringComparer.Ordinal).ToList();
}
