using Microsoft.AspNetCore.Builder;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>
/// A permission name an endpoint uses but the catalogue lacks stops the site at startup, naming the permission and
/// the endpoint; an option turns that into a logged warning. The check needs no database, so one provider is enough.
/// </summary>
public class StartupTypoCheckTests
{
    private const string FailSetting = "PermissionsAdmin:FailOnUnknownEndpointPermissions";

    [Fact]
    public async Task A_controller_naming_an_unknown_permission_stops_startup()
    {
        await using var host = await EnforcementHost.CreateAsync(DatabaseKind.Sqlite, setup => setup.Controllers.Add(typeof(TypoController)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartSiteAsync);

        Assert.Contains("'shop.chnge_product'", error.Message);
        Assert.Contains("TypoController.Edit", error.Message);
    }

    [Fact]
    public async Task A_minimal_endpoint_naming_an_unknown_permission_stops_startup()
    {
        await using var host = await EnforcementHost.CreateAsync(DatabaseKind.Sqlite, setup => setup.MapEndpoints = app =>
            app.MapGet("/typo-minimal", () => "edit").RequireAnyPermission("shop.view_product", "shop.chnge_product"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartSiteAsync);

        Assert.Contains("'shop.chnge_product'", error.Message);
        Assert.Contains("/typo-minimal", error.Message);
        Assert.DoesNotContain("shop.view_product", error.Message);
    }

    [Fact]
    public async Task Model_permissions_for_a_type_that_is_no_entity_stop_startup()
    {
        await using var host = await EnforcementHost.CreateAsync(DatabaseKind.Sqlite, setup => setup.MapEndpoints = app =>
            app.MapGet("/api/addresses", () => "addresses").WithMetadata(new ModelPermissionsAttribute(typeof(Address))));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartSiteAsync);

        Assert.Contains(typeof(Address).FullName!, error.Message);
        Assert.Contains("/api/addresses", error.Message);
    }

    [Fact]
    public async Task Model_permissions_needing_a_permission_the_entity_does_not_define_stop_startup()
    {
        // Photo defines only view_photo: a POST could never pass. Setting defines no permission at all.
        await using var host = await EnforcementHost.CreateAsync(DatabaseKind.Sqlite, setup => setup.MapEndpoints = app =>
        {
            app.MapGet("/api/photos", () => "photos").WithMetadata(new ModelPermissionsAttribute(typeof(Photo)));
            app.MapPost("/api/photos", () => "uploaded").WithMetadata(new ModelPermissionsAttribute(typeof(Photo)));
            app.MapGet("/api/settings", () => "settings").WithMetadata(new ModelPermissionsAttribute(typeof(Setting)));
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartSiteAsync);

        Assert.Contains("'shop.add_photo'", error.Message);
        Assert.Contains("POST /api/photos", error.Message);
        Assert.Contains("'shop.view_setting'", error.Message);
        Assert.Contains("/api/settings", error.Message);
        // GET on photos needs view_photo, which exists.
        Assert.DoesNotContain("shop.view_photo", error.Message);
    }

    [Fact]
    public async Task Model_permissions_whose_endpoints_need_only_defined_permissions_start()
    {
        await using var host = await EnforcementHost.CreateAsync(DatabaseKind.Sqlite, setup => setup.MapEndpoints = app =>
            app.MapGet("/api/photos", () => "photos").WithMetadata(new ModelPermissionsAttribute(typeof(Photo))));

        await host.StartSiteAsync();

        Assert.Equal("401", await host.NewBrowser().DescribeGetAsync("/api/photos"));
    }

    [Fact]
    public async Task With_the_check_turned_off_the_site_starts_and_logs_a_warning()
    {
        await using var host = await EnforcementHost.CreateAsync(DatabaseKind.Sqlite, setup =>
        {
            setup.Settings[FailSetting] = "false";
            setup.Controllers.Add(typeof(TypoController));
            setup.MapEndpoints = app => app.MapGet("/typo-minimal", () => "edit").RequirePermission("shop.chnge_product");
        });

        await host.StartSiteAsync();

        Assert.Equal("200 pong", await host.NewBrowser().DescribeGetAsync("/test/ping"));
        // The typo'd endpoints are served, and still protected.
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Ftypo", await host.NewBrowser().DescribeGetAsync("/typo"));
        var warnings = host.Logs.Warnings.Where(w => w.Contains("shop.chnge_product")).ToList();
        Assert.Contains(warnings, w => w.Contains("TypoController.Edit"));
        Assert.Contains(warnings, w => w.Contains("/typo-minimal"));
    }

    [Fact]
    public async Task A_site_whose_endpoints_name_only_known_permissions_starts_without_warnings()
    {
        await using var host = await EnforcementHost.StartAsync(DatabaseKind.Sqlite);

        Assert.Equal("200 pong", await host.NewBrowser().DescribeGetAsync("/test/ping"));
        Assert.DoesNotContain(host.Logs.Entries, e =>
            e.Category == typeof(EndpointPermissionValidator).FullName && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.NotEmpty(host.Logs.Entries);
    }
}
