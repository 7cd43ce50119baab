using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>[PermissionRequired] on actions and controllers, and its minimal-API form, as visitors meet them.</summary>
public class PermissionRequiredTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Theory, MemberData(nameof(Providers))]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page_carrying_the_original_path_and_query(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var visitor = host.NewBrowser();

        // Action attribute, controller attribute, and a minimal endpoint outside /api: all pages.
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Fthings%3Fx%3D1", await visitor.DescribeGetAsync("/things?x=1"));
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Finvoices%3Fpage%3D2%26sort%3Dnew",
            await visitor.DescribeGetAsync("/invoices?page=2&sort=new"));
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Fminimal%2Fproducts", await visitor.DescribeGetAsync("/minimal/products"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_signed_in_user_without_the_permission_gets_403_not_the_login_page(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("bob", "shop.change_product", "billing.change_invoice");
        var bob = await host.SignedInBrowserAsync("bob");

        // No Location header: a signed-in user is never sent back to the login page (Django's redirect loop).
        Assert.Equal("403", await bob.DescribeGetAsync("/things?x=1"));
        Assert.Equal("403", await bob.DescribeGetAsync("/invoices"));
        Assert.Equal("403", await bob.DescribeGetAsync("/minimal/products"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_signed_in_user_with_the_permission_gets_the_page(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("alice", "shop.view_product", "billing.view_invoice");
        var alice = await host.SignedInBrowserAsync("alice");

        Assert.Equal("200 things", await alice.DescribeGetAsync("/things?x=1"));
        Assert.Equal("200 invoices", await alice.DescribeGetAsync("/invoices"));
        Assert.Equal("200 minimal page", await alice.DescribeGetAsync("/minimal/products"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Several_names_need_all_of_them_and_RequireAny_needs_one(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("adder", "shop.add_product");
        await host.CreateUserAsync("changer", "shop.change_product");
        await host.CreateUserAsync("both", "shop.add_product", "shop.change_product");
        await host.CreateUserAsync("viewer", "shop.view_product");
        var browsers = new Dictionary<string, SiteBrowser>
        {
            ["adder"] = await host.SignedInBrowserAsync("adder"),
            ["changer"] = await host.SignedInBrowserAsync("changer"),
            ["both"] = await host.SignedInBrowserAsync("both"),
            ["viewer"] = await host.SignedInBrowserAsync("viewer"),
        };

        var actual = new List<string>();
        foreach (var path in new[] { "/things/all", "/things/stacked", "/things/any" })
        {
            foreach (var (name, browser) in browsers) actual.Add($"{name} {path}: {await browser.DescribeGetAsync(path)}");
        }

        Assert.Equal(
        [
            "adder /things/all: 403",
            "changer /things/all: 403",
            "both /things/all: 200 all",
            "viewer /things/all: 403",
            // Two attributes on one action: both apply.
            "adder /things/stacked: 403",
            "changer /things/stacked: 403",
            "both /things/stacked: 200 stacked",
            "viewer /things/stacked: 403",
            "adder /things/any: 200 any",
            "changer /things/any: 200 any",
            "both /things/any: 200 any",
            "viewer /things/any: 403",
        ], actual);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_controller_attribute_protects_every_action_and_adds_to_an_action_attribute(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("reader", "billing.view_invoice");
        await host.CreateUserAsync("editor", "billing.change_invoice");
        await host.CreateUserAsync("clerk", "billing.view_invoice", "billing.change_invoice");
        var reader = await host.SignedInBrowserAsync("reader");
        var editor = await host.SignedInBrowserAsync("editor");
        var clerk = await host.SignedInBrowserAsync("clerk");

        Assert.Equal("200 invoices", await reader.DescribeGetAsync("/invoices"));
        Assert.Equal("403", await reader.DescribeGetAsync("/invoices/edit"));
        // The action's permission alone is not enough: the controller's still applies.
        Assert.Equal("403", await editor.DescribeGetAsync("/invoices/edit"));
        Assert.Equal("200 edit", await clerk.DescribeGetAsync("/invoices/edit"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task AllowAnonymous_on_an_action_opens_it_inside_a_protected_controller(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("bob");
        var visitor = host.NewBrowser();
        var bob = await host.SignedInBrowserAsync("bob");

        Assert.Equal("200 terms", await visitor.DescribeGetAsync("/invoices/terms"));
        Assert.Equal("200 terms", await bob.DescribeGetAsync("/invoices/terms"));
        // The rest of the controller stays protected.
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Finvoices", await visitor.DescribeGetAsync("/invoices"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_API_answers_an_anonymous_caller_with_401_and_a_forbidden_one_with_403(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("bob", "shop.add_product");
        await host.CreateUserAsync("alice", "shop.view_product");
        var visitor = host.NewBrowser();
        var bob = await host.SignedInBrowserAsync("bob");
        var alice = await host.SignedInBrowserAsync("alice");

        // [ApiController] outside /api, and a minimal API under /api: never a redirect.
        Assert.Equal("401", await visitor.DescribeGetAsync("/service/orders"));
        Assert.Equal("401", await visitor.DescribeGetAsync("/api/minimal/products"));
        // A page asked for as JSON only is answered as an API.
        Assert.Equal("401", await visitor.DescribeGetAsync("/things", accept: "application/json"));

        Assert.Equal("403", await bob.DescribeGetAsync("/service/orders"));
        Assert.Equal("403", await bob.DescribeGetAsync("/api/minimal/products"));

        Assert.Equal("200 [\"order 1\"]", await alice.DescribeGetAsync("/service/orders"));
        Assert.Equal("200 minimal products", await alice.DescribeGetAsync("/api/minimal/products"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task RequireAnyPermission_on_a_minimal_API_needs_one_of_the_names(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("deleter", "shop.delete_product");
        await host.CreateUserAsync("changer", "shop.change_product");
        await host.CreateUserAsync("viewer", "shop.view_product", "shop.add_product");

        Assert.Equal("401", await host.NewBrowser().DescribeGetAsync("/api/minimal/any"));
        Assert.Equal("200 minimal any", await (await host.SignedInBrowserAsync("deleter")).DescribeGetAsync("/api/minimal/any"));
        Assert.Equal("200 minimal any", await (await host.SignedInBrowserAsync("changer")).DescribeGetAsync("/api/minimal/any"));
        Assert.Equal("403", await (await host.SignedInBrowserAsync("viewer")).DescribeGetAsync("/api/minimal/any"));
    }
}
