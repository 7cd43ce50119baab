using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.SignIn;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>Django's sign-in rules on Identity: inactive users stay out, changes elsewhere end sign-ins, lockout.</summary>
public class SignInTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Theory, MemberData(nameof(Providers))]
    public async Task An_inactive_user_cannot_sign_in(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var carol = await host.CreateUserAsync("carol", "shop.view_product");
        await host.CreateUserAsync("dave", "shop.view_product");
        await host.InScopeAsync(services => services.GetRequiredService<UserAdministration>().SetActiveAsync(carol, false));

        var browser = host.NewBrowser();
        var outcome = await browser.SignInAsync("carol", EnforcementHost.Password);

        Assert.Equal(new SignInOutcome(Succeeded: false, IsLockedOut: false, IsNotAllowed: true), outcome);
        Assert.False(browser.HasSignInCookie);
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Fthings", await browser.DescribeGetAsync("/things"));
        await host.InScopeAsync(async services =>
        {
            var signIn = services.GetRequiredService<SignInManager<PermissionsUser>>();
            Assert.IsType<PermissionsSignInManager>(signIn);
            var users = services.GetRequiredService<UserManager<PermissionsUser>>();
            Assert.False(await signIn.CanSignInAsync((await users.FindByNameAsync("carol"))!));
            Assert.True(await signIn.CanSignInAsync((await users.FindByNameAsync("dave"))!));
        });
        // The same password works once the account is active again.
        await host.InScopeAsync(services => services.GetRequiredService<UserAdministration>().SetActiveAsync(carol, true));
        Assert.True((await browser.SignInAsync("carol", EnforcementHost.Password)).Succeeded);
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_user_deactivated_while_signed_in_is_anonymous_on_the_next_request(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var carol = await host.CreateUserAsync("carol", "shop.view_product");
        var page = await host.SignedInBrowserAsync("carol");
        var api = await host.SignedInBrowserAsync("carol");
        Assert.Equal("200 things", await page.DescribeGetAsync("/things"));
        Assert.Equal("200 minimal products", await api.DescribeGetAsync("/api/minimal/products"));

        await host.InScopeAsync(services => services.GetRequiredService<UserAdministration>().SetActiveAsync(carol, false));

        // Anonymous, not merely unprivileged: a challenge (login redirect / 401), not 403.
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Fthings", await page.DescribeGetAsync("/things"));
        Assert.Equal("401", await api.DescribeGetAsync("/api/minimal/products"));
        // The dead cookie is dropped.
        Assert.False(page.HasSignInCookie);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_user_whose_password_was_changed_elsewhere_is_anonymous_on_the_next_request(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("carol", "shop.view_product");
        var browser = await host.SignedInBrowserAsync("carol");
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));

        await host.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PermissionsUser>>();
            var result = await users.ChangePasswordAsync((await users.FindByNameAsync("carol"))!, EnforcementHost.Password, "Another-horse-2");
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        });

        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Fthings", await browser.DescribeGetAsync("/things"));
        Assert.Equal("401", await browser.DescribeGetAsync("/api/minimal/products"));
        // Still an active user with the permission: the new password signs in again.
        Assert.False((await browser.SignInAsync("carol", EnforcementHost.Password)).Succeeded);
        Assert.True((await browser.SignInAsync("carol", "Another-horse-2")).Succeeded);
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_sign_in_records_the_last_login(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("carol");
        Assert.Null((await host.FindUserAsync("carol")).LastLogin);

        var before = DateTime.UtcNow;
        await host.SignedInBrowserAsync("carol");
        var after = DateTime.UtcNow;

        var lastLogin = (await host.FindUserAsync("carol")).LastLogin;
        Assert.NotNull(lastLogin);
        // SQLite hands the value back without a kind, PostgreSQL as UTC: compare the clock reading.
        Assert.InRange(DateTime.SpecifyKind(lastLogin.Value, DateTimeKind.Utc), before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Repeated_failed_sign_ins_lock_the_account_and_then_even_the_right_password_fails(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("carol", "shop.view_product");
        var browser = host.NewBrowser();

        // Identity's default: the fifth failure in a row locks the account.
        var failures = new List<SignInOutcome>();
        for (var i = 0; i < 5; i++) failures.Add(await browser.SignInAsync("carol", "wrong-password"));
        Assert.Equal(
            [.. Enumerable.Repeat(new SignInOutcome(false, false, false), 4), new SignInOutcome(false, IsLockedOut: true, false)],
            failures);

        Assert.Equal(new SignInOutcome(false, IsLockedOut: true, false), await browser.SignInAsync("carol", EnforcementHost.Password));
        Assert.False(browser.HasSignInCookie);
        Assert.Equal("302 → /Account/Login?ReturnUrl=%2Fthings", await browser.DescribeGetAsync("/things"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Four_failures_do_not_lock_the_account(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        await host.CreateUserAsync("carol", "shop.view_product");
        var browser = host.NewBrowser();

        for (var i = 0; i < 4; i++) Assert.False((await browser.SignInAsync("carol", "wrong-password")).Succeeded);

        Assert.True((await browser.SignInAsync("carol", EnforcementHost.Password)).Succeeded);
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_revoke_between_two_requests_denies_the_second(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var carol = await host.CreateUserAsync("carol", "shop.view_product");
        var browser = await host.SignedInBrowserAsync("carol");
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));

        await host.RevokeAsync(carol, "shop.view_product");

        Assert.Equal("403", await browser.DescribeGetAsync("/things"));
        // And a grant is seen as promptly.
        await host.GrantAsync(carol, "shop.view_product");
        Assert.Equal("200 things", await browser.DescribeGetAsync("/things"));
    }
}
