using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>IAuthorizationService knows every catalogue permission as a policy of the same name.</summary>
public class AuthorizationServiceTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Theory, MemberData(nameof(Providers))]
    public async Task A_policy_named_after_a_permission_succeeds_exactly_when_the_checker_allows(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var alice = await host.CreateUserAsync("alice", "shop.change_product");
        var bob = await host.CreateUserAsync("bob", "shop.view_product", "shop.add_product");
        var root = await host.CreateSuperuserAsync("root");
        var alicePrincipal = await host.PrincipalAsync(alice);
        var bobPrincipal = await host.PrincipalAsync(bob);
        var rootPrincipal = await host.PrincipalAsync(root);
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        Task<bool> Authorized(ClaimsPrincipal user, string policy) => host.InScopeAsync(async services =>
            (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, policy)).Succeeded);

        Assert.True(await Authorized(alicePrincipal, "shop.change_product"));
        Assert.False(await Authorized(alicePrincipal, "shop.delete_product"));
        Assert.False(await Authorized(bobPrincipal, "shop.change_product"));
        Assert.True(await Authorized(bobPrincipal, "shop.add_product"));
        Assert.True(await Authorized(rootPrincipal, "shop.change_product"));
        Assert.False(await Authorized(anonymous, "shop.change_product"));

        // It asks the checker each time: a revoke elsewhere is seen at once.
        await host.RevokeAsync(alice, "shop.change_product");
        Assert.False(await Authorized(alicePrincipal, "shop.change_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_misspelt_permission_is_no_policy_and_throws_instead_of_silently_denying(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var root = await host.PrincipalAsync(await host.CreateSuperuserAsync("root"));

        await host.InScopeAsync(async services =>
        {
            var authorization = services.GetRequiredService<IAuthorizationService>();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => authorization.AuthorizeAsync(root, "shop.chnge_product"));
            Assert.Contains("shop.chnge_product", error.Message);
        });
    }
}
