using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web;

/// <summary>Builds the site: services, middleware and routes, shared by the web server, the CLI and the tests.</summary>
public static class SiteHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddDbContext<AppDbContext>(options => options.UseConfiguredDatabase(builder.Configuration, contentRoot));
        builder.Services.AddPermissionsAdmin<AppDbContext>(builder.Configuration);
        builder.Services.AddControllersWithViews();

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Home/Error");
        }
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultControllerRoute();
        return app;
    }

    /// <summary>Creates the database on first run and applies pending migrations.</summary>
    public static async Task PrepareDatabaseAsync(this IHost host)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
    }

    /// <summary>Tells a newcomer how to get in: there is no default account or password.</summary>
    public static async Task AnnounceFirstRunAsync(this IHost host)
    {
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PermissionsUser>>();
        if (await users.Users.AnyAsync(u => u.IsSuperuser && u.IsActive)) return;
        scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PermissionsAdmin.Web")
            .LogWarning("No superuser yet. Create one with: " +
                "dotnet run --project src/PermissionsAdmin.Web -- createsuperuser --username admin --email admin@example.com");
    }
}
