using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// The real site (<see cref="SiteHost.Build"/>, admin mounted) on a fresh test database (a copy of
/// <see cref="SiteDatabaseTemplates"/>), served by TestServer: migrated, catalogue and configured groups synced, as
/// Program.cs starts it; a plain one may be one an earlier test used, set back as new (<see cref="SitePool"/>).
/// Accounts are made through the administration services as the system (the CLI's way), so a test arranges without
/// going through the pages.
/// </summary>
internal sealed class AdminSite : IAsyncDisposable
{
    public const string Password = "Correct-horse-battery-1";

    private readonly TestDatabase _db;
    private readonly bool _kept;

    private AdminSite(TestDatabase db, WebApplication app, bool kept)
    {
        _db = db;
        App = app;
        _kept = kept;
        Logs = app.Services.GetServices<ILoggerProvider>().OfType<TestOutputLogs>().Single();
    }

    public WebApplication App { get; }
    public TestDatabase Database => _db;

    /// <summary>Where the site's warnings go: the output of the test using it.</summary>
    internal TestOutputLogs Logs { get; }

    /// <summary>
    /// Starts the site; <paramref name="configure"/> may add to its services (e.g. a command counter). Without either
    /// argument, a site an earlier test used may be handed out instead, set back as a new one starts (<see cref="SitePool"/>).
    /// </summary>
    public static Task<AdminSite> StartAsync(
        DatabaseKind kind, Action<WebApplicationBuilder>? configure = null, string? environment = null) =>
        configure is null && environment is null ? SitePool.TakeAsync(kind) : BuildAsync(kind, configure, environment, kept: false);

    /// <param name="kept">Whether disposing it puts it back in <see cref="SitePool"/>.</param>
    internal static async Task<AdminSite> BuildAsync(
        DatabaseKind kind, Action<WebApplicationBuilder>? configure, string? environment, bool kept)
    {
        var db = await SiteDatabaseTemplates.CopyAsync(kind);
        try
        {
            var app = TestSite.Build(db, configure: builder =>
            {
                builder.WebHost.UseTestServer();
                configure?.Invoke(builder);
            }, environment: environment);
            await app.PrepareDatabaseAsync();
            await app.SyncPermissionsAsync();
            await app.StartAsync();
            return new AdminSite(db, app, kept);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public AdminBrowser NewBrowser() => new(App.GetTestClient());

    /// <summary>A browser signed in through /admin/login; fails the test when that does not work.</summary>
    public async Task<AdminBrowser> SignedInAsync(string userName)
    {
        var browser = NewBrowser();
        var response = await browser.SignInAsync(userName, Password);
        Assert.True(response.Status == HttpStatusCode.Redirect, $"{userName} could not sign in to the admin: {response}");
        return browser;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> body) =>
        InScopeAsync<bool>(async services => { await body(services); return true; });

    public Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query) =>
        InScopeAsync(services => query(services.GetRequiredService<AppDbContext>()));

    /// <summary>An active user with <see cref="Password"/>, holding the given permissions directly.</summary>
    public Task<PermissionsUser> CreateUserAsync(
        string userName, bool staff = false, bool superuser = false, string? email = null, string[]? permissions = null, bool password = true) =>
        InScopeAsync(async services =>
        {
            var admin = services.GetRequiredService<UserAdministration>();
            var user = await admin.CreateAsync(userName, email ?? $"{userName}@example.com", password ? Password : null, staff, superuser);
            foreach (var permission in permissions ?? []) await admin.GrantAsync(user, permission);
            return user;
        });

    /// <summary>
    /// Active users without a password, added in one save with what Identity sets on create: the arrangement for
    /// tests of lists, where <see cref="CreateUserAsync"/>'s transaction per user took most of the time.
    /// </summary>
    public Task<List<PermissionsUser>> AddUsersAsync(IEnumerable<(string UserName, string? Email)> users) =>
        InScopeAsync(async services =>
        {
            var normalizer = services.GetRequiredService<ILookupNormalizer>();
            var added = users.Select(u => new PermissionsUser
            {
                UserName = u.UserName,
                NormalizedUserName = normalizer.NormalizeName(u.UserName),
                Email = u.Email,
                NormalizedEmail = normalizer.NormalizeEmail(u.Email),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            }).ToList();
            var db = services.GetRequiredService<AppDbContext>();
            db.Users.AddRange(added);
            await db.SaveChangesAsync();
            return added;
        });

    /// <summary>An active staff user holding the given permissions directly.</summary>
    public Task<PermissionsUser> CreateStaffAsync(string userName, params string[] permissions) =>
        CreateUserAsync(userName, staff: true, permissions: permissions);

    public Task<PermissionsGroup> CreateGroupAsync(string name, params string[] permissions) =>
        InScopeAsync(services => services.GetRequiredService<GroupAdministration>().CreateAsync(name, permissions));

    /// <summary>Makes <paramref name="user"/> a member of <paramref name="group"/>, for good or <paramref name="until"/> then.</summary>
    public Task AddMemberAsync(string group, string user, DateTimeOffset? until = null) => InScopeAsync(async services =>
    {
        var groups = services.GetRequiredService<GroupAdministration>();
        var users = services.GetRequiredService<UserAdministration>();
        await groups.AddMemberAsync(await groups.FindAsync(group), await users.FindAsync(user), until);
    });

    /// <summary>Grants <paramref name="permission"/> to <paramref name="user"/> directly until <paramref name="until"/>.</summary>
    public Task GrantUntilAsync(string user, string permission, DateTimeOffset until) => InScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserAdministration>();
        await users.GrantAsync(await users.FindAsync(user), permission, expiresAt: until);
    });

    public Task<PermissionsUser?> FindUserAsync(string userName) => QueryAsync(async db =>
    {
        var normalized = userName.ToUpperInvariant();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized);
    });

    public Task<int> PermissionIdAsync(string name) => QueryAsync(db =>
    {
        var (app, codename) = (name[..name.IndexOf('.')], name[(name.IndexOf('.') + 1)..]);
        return db.Permissions.Where(p => p.ContentType.AppLabel == app && p.Codename == codename).Select(p => p.Id).SingleAsync();
    });

    public Task<int> GroupIdAsync(string name) => QueryAsync(db => db.Roles.Where(r => r.Name == name).Select(r => r.Id).SingleAsync());

    public Task<List<string>> GroupsOfAsync(string userName) => QueryAsync(async db =>
        (await db.UserRoles.Where(m => db.Users.Any(u => u.Id == m.UserId && u.UserName == userName))
            .Select(m => db.Roles.Where(r => r.Id == m.RoleId).Select(r => r.Name!).First()).ToListAsync())
        .Order(StringComparer.Ordinal).ToList());

    public Task<List<string>> DirectPermissionsOfAsync(string userName) => QueryAsync(async db =>
        (await db.UserPermissions.Where(g => g.User.UserName == userName)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync())
        .Order(StringComparer.Ordinal).ToList());

    public Task<List<string>> SnapshotAsync() => AccountsSnapshot.TakeAsync(_db);

    public ValueTask DisposeAsync() => _kept ? SitePool.PutBackAsync(this) : ShutDownAsync();

    /// <summary>Stops the site and disposes its database.</summary>
    internal async ValueTask ShutDownAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }
}

/// <summary>What a page answered: status, redirect target and body.</summary>
internal sealed record Page(HttpStatusCode Status, string? Location, string Html)
{
    public override string ToString() => $"{(int)Status} {Location}\n{(Html.Length > 4000 ? Html[..4000] + "…" : Html)}";

    /// <summary>The page's antiforgery token (every admin form carries one).</summary>
    public string Token => Regex.Match(Html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"") is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("No antiforgery token on the page:\n" + this);

    /// <summary>The value of the page's input named <paramref name="name"/> (a hidden concurrency token, say); null if it has none.</summary>
    public string? InputValue(string name) =>
        Regex.Match(Html, $"<input [^>]*name=\"{Regex.Escape(name)}\"[^>]* value=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The text of the page's success message, or null.</summary>
    public string? Success => Regex.Match(Html, "data-success>([^<]*)<") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The page's error alerts (form errors and refused actions), decoded.</summary>
    public string Errors => string.Join("\n", Regex.Matches(Html, "<div class=\"(?:alert alert-danger|invalid-feedback[^\"]*)\"[^>]*>(.*?)</div>", RegexOptions.Singleline)
        .Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", " ").Trim())));

    public string Text => WebUtility.HtmlDecode(Regex.Replace(Html, "<[^>]+>", " "));

    /// <summary>The user names linked from a users list, in order.</summary>
    public List<string> UserRows => Regex.Matches(Html, "<th scope=\"row\"><a href=\"/admin/users/\\d+\">([^<]+)</a></th>")
        .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    public bool HasSaveButton => Html.Contains("name=\"next\" value=\"list\"", StringComparison.Ordinal);
}

/// <summary>A visitor's browser over TestServer: keeps cookies, never follows redirects.</summary>
internal sealed class AdminBrowser(HttpClient http)
{
    private readonly CookieContainer _cookies = new();

    /// <summary>The Accept-Language header this browser sends, if any.</summary>
    public string? AcceptLanguage { get; set; }

    public async Task<Page> GetAsync(string path) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Posts a form; with <paramref name="token"/> null the antiforgery token is left out.</summary>
    public async Task<Page> PostAsync(string path, string? token, params (string Name, string? Value)[] fields)
    {
        var values = fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)).ToList();
        if (token is not null) values.Add(new("__RequestVerificationToken", token));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) });
    }

    /// <summary>
    /// Posts a multipart form (fields as given, the token among them), with <paramref name="file"/> if any, sent as
    /// <paramref name="contentType"/> when given.
    /// </summary>
    public async Task<Page> PostMultipartAsync(
        string path, (string Name, string? Value)[] fields, (string Name, string FileName, byte[] Content)? file = null, string? contentType = null)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Where(f => f.Value is not null)) content.Add(new StringContent(value!), name);
        if (file is { } upload)
        {
            var part = new ByteArrayContent(upload.Content);
            if (contentType is not null) part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            content.Add(part, upload.Name, upload.FileName);
        }
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });
    }

    /// <summary>Gets <paramref name="formPage"/> for its token, then posts the form to <paramref name="path"/>.</summary>
    public async Task<Page> SubmitAsync(string formPage, string path, params (string Name, string? Value)[] fields)
    {
        var page = await GetAsync(formPage);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {formPage}: {page}");
        return await PostAsync(path, page.Token, fields);
    }

    public Task<Page> SignInAsync(string userName, string password) =>
        SubmitAsync("/admin/login", "/admin/login", ("UserName", userName), ("Password", password));

    /// <summary>Follows a redirect answer with a GET.</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect: {page}");
        return await GetAsync(page.Location!);
    }

    /// <summary>The Cookie header this browser sends: what an attacker who captured it could replay.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(http.BaseAddress!);

    /// <summary>The language chosen with the admin's selector (the culture cookie), if any.</summary>
    public string? CultureCookie => _cookies.GetCookies(http.BaseAddress!)[".AspNetCore.Culture"]?.Value;

    public bool HasSignInCookie => _cookies.GetCookies(http.BaseAddress!)[".AspNetCore.Identity.Application"] is not null;

    private async Task<Page> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await SendRawAsync(request, http);
            return new Page(response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Sends <paramref name="request"/> through <paramref name="client"/> with this browser's cookies, keeping the ones it sets.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpClient client)
    {
        request.RequestUri = new Uri(client.BaseAddress!, request.RequestUri!);
        var cookieHeader = _cookies.GetCookieHeader(request.RequestUri);
        if (cookieHeader.Length > 0) request.Headers.Add("Cookie", cookieHeader);
        if (AcceptLanguage is not null) request.Headers.Add("Accept-Language", AcceptLanguage);
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies) _cookies.SetCookies(request.RequestUri, setCookie);
        }
        return response;
    }
}
