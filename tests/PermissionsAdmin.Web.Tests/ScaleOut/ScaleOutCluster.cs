using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Groups;
using PermissionsAdmin.PostgreSql;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>
/// Two (or more) instances of the real site (<see cref="SiteHost.Build"/>, each on its own TestServer) on one
/// PostgreSQL database with <c>PermissionsAdmin:ScaleOut:Enabled</c>: migrated and synced as Program.cs does, with
/// the accounts arranged before any instance starts, so the only notifications the instances see are those of the
/// test's own steps.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string Password = "Correct-horse-battery-1";

    /// <summary>How long a test waits, at most, for an instance to hear of a change or to reconnect.</summary>
    public static readonly TimeSpan NotificationWait = TimeSpan.FromSeconds(5);

    private readonly List<SiteInstance> _instances = [];

    private ScaleOutCluster(TestDatabase db) => Database = db;

    public TestDatabase Database { get; }
    public IReadOnlyList<SiteInstance> Instances => _instances;

    /// <summary>
    /// A fresh database, migrated and synced, with <paramref name="arrange"/> run through the site's services before
    /// the instances named by <paramref name="names"/> start (each with <paramref name="settings"/> on top of the
    /// scale-out switch). Returns once every instance listens.
    /// </summary>
    public static async Task<ScaleOutCluster> StartAsync(
        string[] names,
        Func<IServiceProvider, Task>? arrange = null,
        Func<string, IEnumerable<KeyValuePair<string, string?>>>? settings = null,
        Action<string, WebApplicationBuilder>? configure = null)
    {
        var cluster = new ScaleOutCluster(await TestDatabase.CreateAsync(DatabaseKind.PostgreSql));
        try
        {
            foreach (var name in names)
            {
                var instance = SiteInstance.Build(cluster.Database, name, settings?.Invoke(name), configure is null ? null : b => configure(name, b));
                cluster._instances.Add(instance);
                // Not started yet: the cache must not be in use before the listener listens.
                Assert.True(instance.Cache.IsSuspended, $"{name}: the permission cache is in use before the listener listens.");
                // What Program.cs does before serving; then the test's accounts, before anyone listens.
                if (cluster._instances.Count == 1) await instance.App.PrepareDatabaseAsync();
                await instance.App.SyncPermissionsAsync();
                if (cluster._instances.Count == 1 && arrange is not null) await instance.InScopeAsync(arrange);
            }
            foreach (var instance in cluster._instances) await instance.App.StartAsync();
            foreach (var instance in cluster._instances)
            {
                await WaitUntilAsync(() => instance.Listener.IsListening, NotificationWait, $"{instance.Name} to listen");
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public SiteInstance this[string name] => _instances.Single(i => i.Name == name);

    /// <summary>A browser whose cookies every instance sees, as behind a load balancer on one host name.</summary>
    public static ClusterBrowser NewBrowser() => new();

    /// <summary>Runs SQL as another client of the database would (psql, a script).</summary>
    public async Task<object?> SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Runs <paramref name="change"/> and waits until every instance has processed at least one more notification
    /// (the writer hears its own too); returns, per instance, how long that took after the change returned.
    /// </summary>
    public async Task<Dictionary<string, TimeSpan>> AfterNotifiedAsync(Func<Task> change)
    {
        var before = _instances.ToDictionary(i => i.Name, i => i.Listener.NotificationsProcessed);
        await change();
        var clock = Stopwatch.StartNew();
        var heard = new Dictionary<string, TimeSpan>();
        while (heard.Count < _instances.Count)
        {
            foreach (var instance in _instances)
            {
                if (!heard.ContainsKey(instance.Name) && instance.Listener.NotificationsProcessed > before[instance.Name]) heard[instance.Name] = clock.Elapsed;
            }
            Assert.True(clock.Elapsed < NotificationWait,
                $"Waited {NotificationWait} for {string.Join(", ", _instances.Select(i => i.Name).Except(heard.Keys))} to hear of the change.");
            await Task.Delay(1);
        }
        return heard;
    }

    public static async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"Waited {limit} for {what}.");
            await Task.Delay(1);
        }
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var instance in _instances) await instance.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>One instance of the site: its host, its cache and its listener.</summary>
internal sealed class SiteInstance : IAsyncDisposable
{
    private readonly SubjectLoadCounter _loads;
    private HttpClient? _http;

    private SiteInstance(string name, WebApplication app, CapturedLogs logs, SubjectLoadCounter loads)
    {
        Name = name;
        App = app;
        Logs = logs;
        _loads = loads;
    }

    public string Name { get; }
    public WebApplication App { get; }
    public CapturedLogs Logs { get; }
    /// <summary>The instance's TestServer client (once started).</summary>
    public HttpClient Http => _http ??= App.GetTestClient();
    public PermissionCache Cache => App.Services.GetRequiredService<PermissionCache>();
    public PermissionChangeListener Listener => App.Services.GetRequiredService<PermissionChangeListener>();

    /// <summary>
    /// The listening connection's application_name, as an operator would find it in pg_stat_activity: unique per
    /// test, since tests run in parallel on one server.
    /// </summary>
    public string ListenerApplicationName { get; private init; } = "";

    public static SiteInstance Build(
        TestDatabase db, string name, IEnumerable<KeyValuePair<string, string?>>? settings, Action<WebApplicationBuilder>? configure)
    {
        var logs = new CapturedLogs();
        var loads = new SubjectLoadCounter();
        var applicationName = $"permissionsadmin-test-{name}-{Guid.NewGuid():N}";
        var all = new Dictionary<string, string?>
        {
            ["PermissionsAdmin:ScaleOut:Enabled"] = "true",
            ["PermissionsAdmin:ScaleOut:ListenerApplicationName"] = applicationName,
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var app = TestSite.Build(db, all, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information);
            builder.Services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(loads));
            configure?.Invoke(builder);
        });
        return new SiteInstance(name, app, logs, loads) { ListenerApplicationName = applicationName };
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> body)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await body(scope.ServiceProvider);
    }

    /// <summary>How many times this instance has read a user's flags and grants from the database (cache misses).</summary>
    public long SubjectLoads => _loads.Count;

    // Administration as the system (no HTTP request): what the CLI or the admin pages do.
    public Task GrantAsync(string user, string permission) => InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserAdministration>();
        await users.GrantAsync(await users.FindAsync(user), permission);
    });

    public Task RevokeAsync(string user, string permission) => InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserAdministration>();
        await users.RevokeAsync(await users.FindAsync(user), permission);
    });

    public Task AddMemberAsync(string group, string user) => InScopeAsync(async services =>
    {
        var groups = services.GetRequiredService<GroupAdministration>();
        await groups.AddMemberAsync(await groups.FindAsync(group), await services.GetRequiredService<UserAdministration>().FindAsync(user));
    });

    public Task SetActiveAsync(string user, bool isActive) => InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserAdministration>();
        await users.SetActiveAsync(await users.FindAsync(user), isActive);
    });

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Arranging accounts before the instances start.</summary>
internal static class ClusterArrangement
{
    public static async Task<int> CreateUserAsync(this IServiceProvider services, string userName, params string[] permissions)
    {
        var users = services.GetRequiredService<UserAdministration>();
        var user = await users.CreateAsync(userName, $"{userName}@example.com", ScaleOutCluster.Password);
        foreach (var permission in permissions) await users.GrantAsync(user, permission);
        return user.Id;
    }

    public static Task CreateGroupAsync(this IServiceProvider services, string name, params string[] permissions) =>
        services.GetRequiredService<GroupAdministration>().CreateAsync(name, permissions);
}

/// <summary>
/// A visitor's browser: one cookie jar, requests sent to whichever instance the test names (all TestServers answer
/// as http://localhost/), redirects never followed.
/// </summary>
internal sealed class ClusterBrowser
{
    private static readonly Uri Site = new("http://localhost/");
    private readonly CookieContainer _cookies = new();

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(SiteInstance instance, string path)
    {
        var answer = await AnswerAsync(instance, path);
        return (answer.Status, answer.Body);
    }

    /// <summary>A GET with the headers a test of error answers looks at.</summary>
    public Task<BrowserAnswer> AnswerAsync(SiteInstance instance, string path) =>
        SendAsync(instance, new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<(HttpStatusCode Status, string Body)> PostFormAsync(SiteInstance instance, string path, params (string Name, string Value)[] fields)
    {
        var answer = await SendAsync(instance, new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        });
        return (answer.Status, answer.Body);
    }

    /// <summary>
    /// Gets the sign-in form from <paramref name="formFrom"/> and posts it to <paramref name="postTo"/>: a redirect
    /// when that signed the user in, 200 (the form again) when refused, 400 when the antiforgery token was refused.
    /// </summary>
    public async Task<HttpStatusCode> SignInAsync(SiteInstance formFrom, SiteInstance postTo, string userName, string password)
    {
        var (status, form) = await GetAsync(formFrom, "/account/login");
        Assert.Equal(HttpStatusCode.OK, status);
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "No antiforgery token on the sign-in page.");
        var (result, _) = await PostFormAsync(postTo, "/account/login",
            ("UserNameOrEmail", userName), ("Password", password), ("__RequestVerificationToken", token.Groups[1].Value));
        return result;
    }

    /// <summary>
    /// A GET that must be answered without reading the user's permissions from the database: proof that
    /// <paramref name="instance"/> held them in memory.
    /// </summary>
    public async Task<HttpStatusCode> GetFromMemoryAsync(SiteInstance instance, string path)
    {
        var loads = instance.SubjectLoads;
        var (status, _) = await GetAsync(instance, path);
        Assert.True(loads == instance.SubjectLoads, $"{instance.Name} read the user's permissions from the database for {path}.");
        return status;
    }

    public bool HasSignInCookie => _cookies.GetCookies(Site)[".AspNetCore.Identity.Application"] is not null;

    private async Task<BrowserAnswer> SendAsync(SiteInstance instance, HttpRequestMessage request)
    {
        using (request)
        {
            request.RequestUri = new Uri(Site, request.RequestUri!);
            var cookieHeader = _cookies.GetCookieHeader(Site);
            if (cookieHeader.Length > 0) request.Headers.Add("Cookie", cookieHeader);
            using var response = await instance.Http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies) _cookies.SetCookies(Site, setCookie);
            }
            return new BrowserAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(),
                response.Headers.RetryAfter?.ToString(), response.Content.Headers.ContentType?.MediaType);
        }
    }
}

/// <summary>What a <see cref="ClusterBrowser"/> was answered.</summary>
internal sealed record BrowserAnswer(HttpStatusCode Status, string Body, string? RetryAfter, string? ContentType);

/// <summary>Counts the checker's one-round-trip loads of a user's flags and grants (its only UNION ALL query).</summary>
internal sealed class SubjectLoadCounter : DbCommandInterceptor
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Observe(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    private void Observe(DbCommand command)
    {
        if (command.CommandText.Contains("UNION ALL", StringComparison.Ordinal) &&
            command.CommandText.Contains("\"GroupPermissions\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
