using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Data.Sqlite;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>The admin exists only where a site mounts it with MapPermissionsAdmin, whatever the order of the Map calls.</summary>
public sealed class MountTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_admin_answers_only_when_mounted(bool mount)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "PermissionsAdmin.Web" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>(db.Configure);
        builder.Services.AddPermissionsAdmin<AppDbContext>(builder.Configuration);
        builder.Services.AddControllersWithViews();
        await using var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        if (mount) app.MapPermissionsAdmin(); // after the site's own MapControllers: the admin's actions are added then
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = app.GetTestClient();

        var dashboard = await client.GetAsync("/admin", TestContext.Current.CancellationToken);
        var login = await client.GetAsync("/admin/login", TestContext.Current.CancellationToken);

        if (mount)
        {
            Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
            Assert.Equal("/admin/login?returnUrl=%2Fadmin", dashboard.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        }
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
