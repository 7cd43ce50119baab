using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>
/// A permission on the object a route names, through the authorization middleware: here on minimal APIs
/// (<c>RequireObjectPermission</c>); the blog's controllers use the attribute.
/// </summary>
public class ObjectPermissionRequiredTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Theory, MemberData(nameof(Providers))]
    public async Task The_object_in_the_route_is_checked_and_handed_to_the_endpoint_and_a_missing_one_is_404_only_to_who_may_know(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var products = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ShopDbContext>();
            var list = new List<Product> { new() { Title = "Granted" }, new() { Title = "Other" } };
            db.AddRange(list);
            await db.SaveChangesAsync();
            return list;
        });
        var holder = await host.CreateUserAsync("holder");
        await host.CreateUserAsync("stranger");
        await host.CreateUserAsync("editor", "shop.change_product");
        await host.InScopeAsync(async s =>
        {
            var grants = s.GetRequiredService<ObjectPermissionAdministration>();
            await grants.AssignAsync("shop.change_product", holder, products[0]);
            await grants.AssignToAnyoneAsync("shop.view_product", products[1]);
        });
        var granted = $"/minimal/products/{products[0].Id}";
        const string missing = "/minimal/products/999999";

        var holderBrowser = await host.SignedInBrowserAsync("holder");
        Assert.Equal("200 Granted", await holderBrowser.DescribeGetAsync(granted));
        Assert.Equal("403", await holderBrowser.DescribeGetAsync($"/minimal/products/{products[1].Id}"));
        // Holding it on one object of the type: told that this one does not exist.
        Assert.Equal("404", await holderBrowser.DescribeGetAsync(missing));

        var stranger = await host.SignedInBrowserAsync("stranger");
        Assert.Equal("403", await stranger.DescribeGetAsync(granted));
        Assert.Equal("403", await stranger.DescribeGetAsync(missing));
        Assert.Equal("403", await stranger.DescribeGetAsync("/minimal/products/not-a-number"));

        var editor = await host.SignedInBrowserAsync("editor");
        Assert.Equal("200 Other", await editor.DescribeGetAsync($"/minimal/products/{products[1].Id}"));
        Assert.Equal("404", await editor.DescribeGetAsync(missing));

        // Visitors: the object granted to anyone (named by another route value) opens; everything else asks them to sign in.
        var visitor = host.NewBrowser();
        Assert.Equal("200 Other", await visitor.DescribeGetAsync($"/minimal/products/{products[1].Id}/view"));
        Assert.StartsWith("302 → /Account/Login", await visitor.DescribeGetAsync($"/minimal/products/{products[0].Id}/view"));
        Assert.StartsWith("302 → /Account/Login", await visitor.DescribeGetAsync(missing));
    }
}
