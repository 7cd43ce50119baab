using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Checker;

/// <summary>Django's has_perm semantics, on both databases.</summary>
public class PermissionCheckerTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static Task<T> Ask<T>(ShopHost host, Func<IPermissionChecker, Task<T>> question) =>
        host.InScopeAsync(services => question(services.GetRequiredService<IPermissionChecker>()));

    [Theory, MemberData(nameof(Providers))]
    public async Task A_user_holds_the_union_of_direct_and_group_permissions(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        await host.GrantAsync(alice, "shop.view_product");
        var editors = await host.CreateGroupAsync("Editors", "shop.change_product");
        await host.AddMemberAsync(editors, alice);
        var principal = await host.PrincipalAsync(alice);

        Assert.True(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));
        Assert.False(await host.HasPermissionAsync(principal, "shop.delete_product"));
        Assert.Equal(["shop.view_product"], await Ask(host, c => c.GetUserPermissionsAsync(principal)));
        Assert.Equal(["shop.change_product"], await Ask(host, c => c.GetGroupPermissionsAsync(principal)));
        Assert.Equal(["shop.change_product", "shop.view_product"],
            (await Ask(host, c => c.GetAllPermissionsAsync(principal))).Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_active_superuser_holds_everything_even_unknown_permissions(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var root = await host.PrincipalAsync(await host.CreateUserAsync("root", isSuperuser: true));

        Assert.True(await host.HasPermissionAsync(root, "shop.fly_product"));
        Assert.True(await Ask(host, c => c.HasModulePermissionsAsync(root, "nosuchapp")));
        Assert.Contains("auth.change_user", await Ask(host, c => c.GetAllPermissionsAsync(root)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_inactive_user_holds_nothing_superuser_or_not(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        await host.CreateUserAsync("keeper", isSuperuser: true); // the last active superuser cannot be deactivated
        var root = await host.CreateUserAsync("root", isSuperuser: true);
        var bob = await host.CreateUserAsync("bob");
        await host.GrantAsync(bob, "shop.view_product");
        foreach (var user in new[] { root, bob })
        {
            await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(user, false));
        }

        foreach (var user in new[] { root, bob })
        {
            var principal = await host.PrincipalAsync(user);
            Assert.False(await host.HasPermissionAsync(principal, "shop.view_product"));
            Assert.False(await Ask(host, c => c.HasModulePermissionsAsync(principal, "shop")));
            Assert.Empty(await Ask(host, c => c.GetAllPermissionsAsync(principal)));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_anonymous_user_holds_nothing(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.False(await host.HasPermissionAsync(anonymous, "shop.view_product"));
        Assert.False(await Ask(host, c => c.HasAnyPermissionAsync(anonymous, ["shop.view_product"])));
        Assert.Empty(await Ask(host, c => c.GetAllPermissionsAsync(anonymous)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Has_all_needs_every_permission_and_an_empty_list_is_true(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        await host.GrantAsync(alice, "shop.add_product");
        var principal = await host.PrincipalAsync(alice);

        Assert.True(await Ask(host, c => c.HasAllPermissionsAsync(principal, [])));
        Assert.True(await Ask(host, c => c.HasAllPermissionsAsync(principal, ["shop.add_product"])));
        Assert.False(await Ask(host, c => c.HasAllPermissionsAsync(principal, ["shop.add_product", "shop.discount_product"])));
        Assert.True(await Ask(host, c => c.HasAnyPermissionAsync(principal, ["shop.add_product", "shop.discount_product"])));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Module_permissions_are_any_permission_of_the_app(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        await host.GrantAsync(alice, "shop.add_product");
        var principal = await host.PrincipalAsync(alice);

        Assert.True(await Ask(host, c => c.HasModulePermissionsAsync(principal, "shop")));
        Assert.False(await Ask(host, c => c.HasModulePermissionsAsync(principal, "billing")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_malformed_name_is_rejected_and_an_unknown_one_is_not_held(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var principal = await host.PrincipalAsync(await host.CreateUserAsync("alice"));

        await Assert.ThrowsAsync<ArgumentException>(() => host.HasPermissionAsync(principal, "view_product"));
        await Assert.ThrowsAsync<ArgumentException>(() => Ask(host, c => c.HasAllPermissionsAsync(principal, ["shop.view_product", "nodot"])));
        Assert.False(await host.HasPermissionAsync(principal, "shop.fly_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Users_with_permission_covers_direct_group_and_superusers_and_skips_inactive(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var direct = await host.CreateUserAsync("direct");
        await host.GrantAsync(direct, "shop.change_product");
        var member = await host.CreateUserAsync("member");
        await host.AddMemberAsync(await host.CreateGroupAsync("Editors", "shop.change_product"), member);
        await host.CreateUserAsync("root", isSuperuser: true);
        var retired = await host.CreateUserAsync("retired");
        await host.GrantAsync(retired, "shop.change_product");
        await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(retired, false));
        await host.CreateUserAsync("nobody");

        List<string> Holders(IPermissionChecker c, bool includeInactive = false, bool includeSuperusers = true) =>
            c.UsersWithPermission("shop.change_product", includeInactive, includeSuperusers)
                .Select(u => u.UserName!).AsEnumerable().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["direct", "member", "root"], await Ask(host, c => Task.FromResult(Holders(c))));
        Assert.Equal(["direct", "member", "retired", "root"], await Ask(host, c => Task.FromResult(Holders(c, includeInactive: true))));
        Assert.Equal(["direct", "member"], await Ask(host, c => Task.FromResult(Holders(c, includeSuperusers: false))));
        await Assert.ThrowsAsync<ArgumentException>(() => Ask(host, c => Task.FromResult(c.UsersWithPermission("change_product"))));
    }
}
