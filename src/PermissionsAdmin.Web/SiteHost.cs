using System.Runtime.ExceptionServices;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.WebEncoders;
using PermissionsAdmin.Management;
using PermissionsAdmin.Model;
using PermissionsAdmin.Notices;
using PermissionsAdmin.Startup;
using PermissionsAdmin.Web.Api;
using PermissionsAdmin.Web.Bench;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Cli;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Demo;

namespace PermissionsAdmin.Web;

/// <summary>
/// Builds the site, for the web server and the tests: its services (<see cref="BuildForCommands"/>, all the management
/// commands need), then its middleware and routes (<see cref="Build"/>).
/// </summary>
public static partial class SiteHost
{
    /// <summary>The site to serve: its services, middleware and routes.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var app = BuildForCommands(args, configure);
        app.UseSecurityHeaders();
        // Browsers then refuse plain HTTP to the site for a year (sent over HTTPS only, never to localhost).
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        // People get friendly error pages that keep the status code; API callers get RFC 7807 problem details. The
        // library's exception handler answers the database unreachable with 503 (empty for pages, rendered by the
        // status code pages, in a scope of their own so the failed request's sign-in check is not reused).
        app.UseWhen(context => !IsApiRequest(context), pages =>
        {
            pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
            if (app.Environment.IsDevelopment()) pages.UseExceptionHandler(ShowDeveloperExceptionPage);
            else pages.UseExceptionHandler("/error");
        });
        app.UseWhen(IsApiRequest, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // The admin first: MVC builds its actions when MapControllers subscribes to them, and again when the admin is
        // mounted after that.
        app.MapPermissionsAdmin();
        app.MapControllers();
        app.MapHealthChecks("/healthz");
        app.MapBlogApi();
        app.MapPermissionsApi();
        return app;
    }

    /// <summary>
    /// The site's services without its middleware and routes: what a management command runs on. Mapping the routes
    /// makes MVC read every controller's actions, which no command needs.
    /// </summary>
    public static WebApplication BuildForCommands(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.WebHost.UseStaticWebAssets(); // the admin's _content/PermissionsAdmin/ assets, in every environment
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddAppDbContext(builder.Configuration, contentRoot);
        builder.Services.AddPermissionsAdmin<AppDbContext>(builder.Configuration);
        builder.Services.AddScoped<IDatabaseMigrator, SiteDatabaseMigrator>();
        // E-mail (access-request notices) goes to a folder, so the site works with no mail server.
        var mailFolder = Path.GetFullPath(builder.Configuration["Email:Folder"] ?? "mail", contentRoot);
        builder.Services.AddSingleton<IEmailSender>(sp => new FolderEmailSender(mailFolder, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHealthChecks().AddPermissionsAdminDatabase();
        builder.Services.AddConfiguredScaleOut(builder.Configuration); // several instances on one database, if configured
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/error/403";
        });
        // Every unsafe request to a page needs the form's antiforgery token (the JSON API opts out, see there).
        builder.Services.AddControllersWithViews(mvc => mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        // Pages show titles and messages as written ("Café", “quotes”) rather than as numeric character references.
        builder.Services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddBlogAdmin();
        builder.Services.AddScoped<PostEditor>();
        builder.Services.AddScoped<PostAuthorship>();
        builder.Services.AddSingleton<PhotoStore>();
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.SectionName));
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddManagementCommand<SeedDemoCommand>().AddManagementCommand<SeedBenchCommand>();
        builder.Services.AddBenchPages(builder.Configuration); // bench/run.sh's pages, only with Bench:Enabled=true
        return builder.Build();
    }

    private static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>
    /// What the site does before serving: migrations, the catalogue and groups as code, first-run seeding, each step
    /// under the <see cref="StartupLock"/>, so any number of instances (and the CLI) may start together.
    /// </summary>
    public static async Task StartUpAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        await host.PrepareDatabaseAsync(cancellationToken);
        await host.SyncPermissionsAsync(cancellationToken);
        await host.SeedDemoOnFirstRunAsync(cancellationToken);
        await host.AnnounceFirstRunAsync();
        if (host.Services.GetRequiredService<IEmailSender>() is FolderEmailSender mail)
        {
            LogMailFolder(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PermissionsAdmin.Web"), mail.Folder);
        }
    }

    /// <summary>In Development, any other exception is a bug to look at: shown on the developer exception page.</summary>
    private static void ShowDeveloperExceptionPage(IApplicationBuilder errors)
    {
        errors.UseDeveloperExceptionPage();
        // Rethrown with its own stack trace, for the page to show where it came from.
        errors.Run(context =>
        {
            ExceptionDispatchInfo.Throw(context.Features.GetRequiredFeature<IExceptionHandlerFeature>().Error);
            return Task.CompletedTask;
        });
    }

    /// <summary>Creates the database on first run and applies pending migrations (<see cref="SiteDatabaseMigrator"/>).</summary>
    public static async Task PrepareDatabaseAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IDatabaseMigrator>().MigrateAsync(cancellationToken);
    }

    /// <summary>Tells a newcomer how to get in: there is no default account or password.</summary>
    public static async Task AnnounceFirstRunAsync(this IHost host)
    {
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PermissionsUser>>();
        if (await users.Users.AnyAsync(u => u.IsSuperuser && u.IsActive)) return;
        LogNoSuperuser(scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PermissionsAdmin.Web"));
    }

    [LoggerMessage(1, LogLevel.Information, "E-mail is written to {Folder}")]
    private static partial void LogMailFolder(ILogger logger, string folder);

    [LoggerMessage(2, LogLevel.Warning,
        "No superuser yet. Create one with: dotnet run --project src/PermissionsAdmin.Web -- createsuperuser --username admin --email admin@example.com")]
    private static partial void LogNoSuperuser(ILogger logger);
}
