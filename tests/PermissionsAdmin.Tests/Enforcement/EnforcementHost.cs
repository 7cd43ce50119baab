using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>What a test changes in the site before it is built.</summary>
public sealed class EnforcementSetup
{
    /// <summary>Configuration on top of the defaults, e.g. <c>PermissionsAdmin:FailOnUnknownEndpointPermissions</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Exactly the controllers MVC serves; a test adds the typo'd one only where it wants it.</summary>
    public List<Type> Controllers { get; } =
        [typeof(ThingsController), typeof(InvoicesController), typeof(OrdersApiController), typeof(ProductsApiController)];

    /// <summary>Extra endpoints, mapped after the standard ones.</summary>
    public Action<WebApplication>? MapEndpoints { get; set; }
}

/// <summary>
/// An in-process site wired as a real one is: the shop model on a fresh test database, <c>AddPermissionsAdmin</c>,
/// MVC controllers from this assembly and minimal API endpoints, behind routing, authentication and authorization,
/// served by TestServer. Browsers (<see cref="SiteBrowser"/>) carry the sign-in cookie between requests.
/// </summary>
public sealed class EnforcementHost : IAsyncDisposable
{
    public const string Password = "Correct-horse-1";
    public const string LoginPath = "/test/login";

    private readonly TestDatabase _database;
    private bool _started;

    private EnforcementHost(TestDatabase database, WebApplication app, QueryCounter queries, LogCollector logs)
    {
        _database = database;
        App = app;
        Queries = queries;
        Logs = logs;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Every command any context of this site sends.</summary>
    public QueryCounter Queries { get; }

    /// <summary>Everything the site logged.</summary>
    public LogCollector Logs { get; }

    /// <summary>Builds the site, prepares its database and starts it.</summary>
    public static async Task<EnforcementHost> StartAsync(DatabaseKind kind, Action<EnforcementSetup>? setup = null)
    {
        var host = await CreateAsync(kind, setup);
        try
        {
            await host.StartSiteAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Builds the site on a copy of <see cref="ShopDatabaseTemplates"/> and syncs it as a site does before serving, without starting it.</summary>
    public static async Task<EnforcementHost> CreateAsync(DatabaseKind kind, Action<EnforcementSetup>? setup = null)
    {
        var options = new EnforcementSetup();
        setup?.Invoke(options);
        var database = await ShopDatabaseTemplates.CopyAsync(kind);
        try
        {
            var queries = new QueryCounter();
            var logs = new LogCollector();
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(EnforcementHost).Assembly.GetName().Name,
                EnvironmentName = Environments.Development,
                // Not watching appsettings.json for changes, which watched every folder under the content root.
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
            });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Configuration.AddInMemoryCollection(options.Settings);

            builder.Services.AddDbContext<ShopDbContext>(db =>
            {
                database.Configure(db);
                db.AddInterceptors(queries);
            });
            builder.Services.AddPermissionsAdmin<ShopDbContext>(builder.Configuration);
            builder.Services.UseCheapPasswordHashing();
            builder.Services.AddControllers()
                .AddApplicationPart(typeof(EnforcementHost).Assembly)
                .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new SelectedControllers(options.Controllers)));

            var app = builder.Build();
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapControllers();
            MapStandardEndpoints(app);
            options.MapEndpoints?.Invoke(app);

            var host = new EnforcementHost(database, app, queries, logs);
            await app.SyncPermissionsAsync();
            return host;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the site: the startup checks (the endpoint permission typo check among them) run here.</summary>
    public async Task StartSiteAsync()
    {
        await App.StartAsync();
        _started = true;
    }

    private static void MapStandardEndpoints(WebApplication app)
    {
        // The test's login form: Identity's password sign-in with lockout, as a login page would call it.
        app.MapPost(LoginPath, async (LoginRequest login, SignInManager<PermissionsUser> signIn) =>
        {
            var result = await signIn.PasswordSignInAsync(login.UserName, login.Password, isPersistent: false, lockoutOnFailure: true);
            return Results.Json(new SignInOutcome(result.Succeeded, result.IsLockedOut, result.IsNotAllowed));
        });
        app.MapGet("/test/ping", () => "pong");

        // Minimal APIs: under /api they are APIs (401 for anonymous); elsewhere they are pages (sign-in redirect).
        app.MapGet("/api/minimal/products", () => "minimal products").RequirePermission("shop.view_product");
        app.MapGet("/api/minimal/any", () => "minimal any").RequireAnyPermission("shop.change_product", "shop.delete_product");
        app.MapGet("/minimal/products", () => "minimal page").RequirePermission("shop.view_product");
        app.MapGet("/minimal/products/{id}", (HttpContext http) => http.GetCheckedObject<Product>().Title)
            .RequireObjectPermission(typeof(Product), "shop.change_product");
        app.MapGet("/minimal/products/{productId}/view", (HttpContext http) => http.GetCheckedObject<Product>().Title)
            .RequireObjectPermission(typeof(Product), "shop.view_product", routeKey: "productId");
    }

    /// <summary>A new visitor with an empty cookie jar.</summary>
    public SiteBrowser NewBrowser() => new(App.GetTestClient());

    /// <summary>A new browser signed in as <paramref name="userName"/>; fails the test when the sign-in does not succeed.</summary>
    public async Task<SiteBrowser> SignedInBrowserAsync(string userName, string password = Password)
    {
        var browser = NewBrowser();
        var outcome = await browser.SignInAsync(userName, password);
        Assert.True(outcome.Succeeded, $"{userName} could not sign in: {outcome}");
        Assert.True(browser.HasSignInCookie, $"{userName} signed in but got no sign-in cookie");
        return browser;
    }

    /// <summary>Runs <paramref name="body"/> in a new scope outside any request (the system acts), as another process would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> body) =>
        InScopeAsync<bool>(async services => { await body(services); return true; });

    /// <summary>
    /// Runs <paramref name="body"/> as one request of <paramref name="user"/> would: a new scope whose HttpContext
    /// (through <see cref="IHttpContextAccessor"/>) has the user and the scope's services.
    /// </summary>
    public async Task InRequestAsync(ClaimsPrincipal user, Func<IServiceProvider, Task> body)
    {
        await using var scope = Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = user };
        try
        {
            await body(scope.ServiceProvider);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    /// <summary>An active user who can sign in with <see cref="Password"/>, holding the given permissions directly.</summary>
    public async Task<PermissionsUser> CreateUserAsync(string userName, params string[] permissions)
    {
        var user = await InScopeAsync(services => services.GetRequiredService<UserAdministration>()
            .CreateAsync(userName, $"{userName}@example.com", Password));
        foreach (var permission in permissions) await GrantAsync(user, permission);
        return user;
    }

    public Task<PermissionsUser> CreateSuperuserAsync(string userName) =>
        InScopeAsync(services => services.GetRequiredService<UserAdministration>()
            .CreateAsync(userName, $"{userName}@example.com", Password, isSuperuser: true));

    public Task GrantAsync(PermissionsUser user, string permission) =>
        InScopeAsync(services => services.GetRequiredService<UserAdministration>().GrantAsync(user, permission));

    public Task RevokeAsync(PermissionsUser user, string permission) =>
        InScopeAsync(services => services.GetRequiredService<UserAdministration>().RevokeAsync(user, permission));

    public Task<PermissionsUser> FindUserAsync(string userName) =>
        InScopeAsync(async services => (await services.GetRequiredService<UserManager<PermissionsUser>>().FindByNameAsync(userName))!);

    /// <summary>The principal a sign-in of <paramref name="user"/> would carry.</summary>
    public Task<ClaimsPrincipal> PrincipalAsync(PermissionsUser user) =>
        InScopeAsync(services => services.GetRequiredService<IUserClaimsPrincipalFactory<PermissionsUser>>().CreateAsync(user));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started) await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }

    public sealed record LoginRequest(string UserName, string Password);

    /// <summary>Restricts MVC to the listed controllers (runs after the default provider, replacing its list).</summary>
    private sealed class SelectedControllers(IReadOnlyCollection<Type> controllers) : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
        {
            feature.Controllers.Clear();
            foreach (var controller in controllers) feature.Controllers.Add(controller.GetTypeInfo());
        }
    }
}

/// <summary>What the login endpoint reports of <c>PasswordSignInAsync</c>.</summary>
public sealed record SignInOutcome(bool Succeeded, bool IsLockedOut, bool IsNotAllowed);

/// <summary>
/// One visitor's browser: TestServer's client keeps no cookies, so this copies Set-Cookie into Cookie by hand and
/// never follows redirects (the test sees the 302 itself).
/// </summary>
public sealed class SiteBrowser(HttpClient http)
{
    public const string SignInCookieName = ".AspNetCore.Identity.Application";

    private readonly CookieContainer _cookies = new();

    public bool HasSignInCookie => _cookies.GetCookies(http.BaseAddress!)[SignInCookieName] is not null;

    public Task<HttpResponseMessage> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? accept = null)
    {
        var uri = new Uri(http.BaseAddress!, path);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        var cookieHeader = _cookies.GetCookieHeader(uri);
        if (cookieHeader.Length > 0) request.Headers.Add("Cookie", cookieHeader);
        if (accept is not null) request.Headers.Add("Accept", accept);
        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies) _cookies.SetCookies(uri, setCookie);
        }
        return response;
    }

    /// <summary>Posts the test login form; the sign-in cookie, if any, is kept for the following requests.</summary>
    public async Task<SignInOutcome> SignInAsync(string userName, string password)
    {
        var response = await SendAsync(HttpMethod.Post, EnforcementHost.LoginPath,
            JsonContent.Create(new EnforcementHost.LoginRequest(userName, password)));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SignInOutcome>())!;
    }
}

/// <summary>Collects the site's log entries, so a test can look for a warning.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => _entries.ToArray();

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            collector._entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
