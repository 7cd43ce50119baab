using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Browser.Tests.Support;

/// <summary>
/// The real site (<see cref="SiteHost.Build"/>) on Kestrel at a free port of 127.0.0.1, over a fresh SQLite test
/// database (a copy of one migrated and synced once), started as Program.cs starts it (migrate, sync the catalogue and the configured groups, run). Development
/// environment, the Web project's own content root and appsettings.json; photos and e-mail go to temporary folders; the
/// clock is the machine's, or a <see cref="SettableClock"/> the test moves on. Accounts and posts are arranged through
/// the library's services as the system, the way the CLI does.
/// </summary>
public sealed class LiveSite : IAsyncDisposable
{
    /// <summary>Every account made by the tests has this password.</summary>
    public const string Password = "Correct-horse-battery-1";

    private readonly TestDatabase _db;
    private readonly DirectoryInfo _photos;
    private readonly DirectoryInfo _mail;
    private readonly ServerLogs _logs;

    private LiveSite(TestDatabase db, DirectoryInfo photos, DirectoryInfo mail, ServerLogs logs, WebApplication app, string baseUrl, SettableClock? clock)
    {
        _db = db;
        _photos = photos;
        _mail = mail;
        _logs = logs;
        App = app;
        BaseUrl = baseUrl;
        Clock = clock;
    }

    /// <summary>The folder of PermissionsAdmin.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>src/PermissionsAdmin.Web: the site's content root.</summary>
    public static string ContentRoot { get; } = Path.Combine(RepositoryRoot, "src", "PermissionsAdmin.Web");

    public WebApplication App { get; }

    /// <summary>The site's clock when the test asked for one it can move on; null when the site runs on the machine's.</summary>
    public SettableClock? Clock { get; }

    /// <summary>The folder the site writes its e-mail to, one .eml file a message.</summary>
    public string MailFolder => _mail.FullName;

    /// <summary>The bound address, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>What the site logged at warning level or above: shown when a test fails.</summary>
    public IReadOnlyList<string> Problems => _logs.Entries.ToList();

    /// <summary>The database migrated and synced once, copied for each site: migrating a new one took a second or more of each test.</summary>
    private static readonly DatabaseTemplates Templates = new(async db =>
    {
        await using var site = Build(db, Path.GetTempPath(), Path.GetTempPath(), new ServerLogs(), clock: null);
        await site.PrepareDatabaseAsync();
        await site.SyncPermissionsAsync();
    });

    /// <param name="clock">The site's clock, for a test that moves time on; null for the machine's.</param>
    public static async Task<LiveSite> StartAsync(SettableClock? clock = null)
    {
        var db = await Templates.CopyAsync(DatabaseKind.Sqlite);
        var photos = Directory.CreateTempSubdirectory("permissionsadmin-photos-");
        var mail = Directory.CreateTempSubdirectory("permissionsadmin-mail-");
        var logs = new ServerLogs();
        WebApplication? app = null;
        try
        {
            app = Build(db, photos.FullName, mail.FullName, logs, clock);
            await app.PrepareDatabaseAsync();
            await app.SyncPermissionsAsync();
            await app.StartAsync();
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new LiveSite(db, photos, mail, logs, app, addresses.Single().TrimEnd('/'), clock);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            await db.DisposeAsync();
            photos.Delete(recursive: true);
            mail.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Drops the template database once the last test has run (xunit disposes the assembly fixture).</summary>
    public static ValueTask DisposeTemplatesAsync() => Templates.DisposeAsync();

    private static WebApplication Build(TestDatabase db, string photos, string mail, ServerLogs logs, SettableClock? clock)
    {
        // The test assembly is the entry assembly: name the site's so MVC finds its controllers and views.
        // Not watching appsettings.json for changes, which watched every folder under the content root (bin and obj too).
        string[] args = [$"--contentRoot={ContentRoot}", "--applicationName=PermissionsAdmin.Web", "--environment=Development",
            "--hostBuilder:reloadConfigOnChange=false"];
        return SiteHost.Build(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = db.ProviderName,
                ["ConnectionStrings:Default"] = db.ConnectionString,
                ["Photos:StoragePath"] = photos,
                ["Email:Folder"] = mail,
                ["Demo:SeedOnFirstRun"] = "false",
                ["Demo:RegistrationEnabled"] = "true",
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Services.UseCheapPasswordHashing();
            if (clock is not null) builder.Services.AddSingleton<TimeProvider>(clock);
        });
    }

    /// <summary>An active user with <see cref="Password"/> and the e-mail USER@example.com, in the given groups.</summary>
    public Task<PermissionsUser> CreateUserAsync(string userName, params string[] groups) =>
        InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserAdministration>();
            var groupAdministration = services.GetRequiredService<GroupAdministration>();
            var user = await users.CreateAsync(userName, $"{userName}@example.com", Password);
            foreach (var group in groups) await groupAdministration.AddMemberAsync(await groupAdministration.FindAsync(group), user);
            return user;
        });

    /// <summary>An active staff user (a superuser if asked) holding the given permissions directly.</summary>
    public Task<PermissionsUser> CreateStaffAsync(string userName, bool superuser = false, params string[] permissions) =>
        InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserAdministration>();
            var user = await users.CreateAsync(userName, $"{userName}@example.com", Password, isStaff: true, isSuperuser: superuser);
            foreach (var permission in permissions) await users.GrantAsync(user, permission);
            return user;
        });

    /// <summary>Makes <paramref name="user"/> a member of <paramref name="group"/> for good, as the system.</summary>
    public Task JoinAsync(PermissionsUser user, string group) =>
        InScopeAsync(async services =>
        {
            var groups = services.GetRequiredService<GroupAdministration>();
            await groups.AddMemberAsync(await groups.FindAsync(group), user);
            return true;
        });

    /// <summary>Grants <paramref name="permissions"/> to <paramref name="user"/> directly, as the system (the CLI's way).</summary>
    public Task GrantAsync(PermissionsUser user, params string[] permissions) =>
        InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserAdministration>();
            foreach (var permission in permissions) await users.GrantAsync(user, permission);
            return true;
        });

    /// <summary>A personal access token of <paramref name="owner"/>, created as the system (the CLI's way); returns its text.</summary>
    public Task<string> CreateTokenAsync(PermissionsUser owner, string name) =>
        InScopeAsync(async services => (await services.GetRequiredService<TokenAdministration>().CreateAsync(owner.Id, name, expiresAt: null)).Text);

    /// <summary>
    /// A post written by <paramref name="author"/>, who gets change and delete on it as the site's authors do
    /// (<see cref="PostAuthorship"/>); returns its id.
    /// </summary>
    public Task<int> AddPostAsync(string title, string body, PermissionsUser author, bool published = false, DateTime? createdAt = null) =>
        InScopeAsync(async services =>
        {
            var post = new Post
            {
                Title = title,
                Body = body,
                IsPublished = published,
                CreatedAt = createdAt ?? DateTime.UtcNow,
            };
            await services.GetRequiredService<PostAuthorship>().CreateAsync(post, author);
            return post.Id;
        });

    /// <summary>The present by the site's clock (its <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now => App.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>Makes <paramref name="user"/> a member of <paramref name="group"/> until <paramref name="until"/>.</summary>
    public Task AddMemberUntilAsync(PermissionsUser user, string group, DateTimeOffset until) =>
        InScopeAsync(async services =>
        {
            var groups = services.GetRequiredService<GroupAdministration>();
            await groups.AddMemberAsync(await groups.FindAsync(group), user, until);
            return true;
        });

    public Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query) =>
        InScopeAsync(services => query(services.GetRequiredService<AppDbContext>()));

    /// <summary>The user's direct grants as sorted <c>app.codename</c> names.</summary>
    public Task<List<string>> DirectPermissionsOfAsync(string userName) => QueryAsync(async db =>
        (await db.UserPermissions.Where(g => g.User.UserName == userName)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync())
        .Order(StringComparer.Ordinal).ToList());

    /// <summary>The group's permissions as sorted <c>app.codename</c> names.</summary>
    public Task<List<string>> GroupPermissionsOfAsync(string group) => QueryAsync(async db =>
        (await db.GroupPermissions.Where(g => g.Group.Name == group)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync())
        .Order(StringComparer.Ordinal).ToList());

    /// <summary>The names of the user's groups, sorted.</summary>
    public Task<List<string>> GroupsOfAsync(string userName) => QueryAsync(async db =>
        (await db.UserRoles.Where(m => db.Users.Any(u => u.Id == m.UserId && u.UserName == userName))
            .Select(m => db.Roles.Where(r => r.Id == m.RoleId).Select(r => r.Name!).First()).ToListAsync())
        .Order(StringComparer.Ordinal).ToList());

    /// <summary>Runs <paramref name="body"/> with the site's services in a scope of its own, as the system.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            await _db.DisposeAsync();
            _photos.Delete(recursive: true);
            _mail.Delete(recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PermissionsAdmin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"PermissionsAdmin.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Keeps the site's warnings and errors, to show them when a test fails.</summary>
    private sealed class ServerLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(ServerLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) logs.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
        }
    }
}
