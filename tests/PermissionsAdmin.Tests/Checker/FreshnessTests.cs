using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Checker;

/// <summary>Any change is seen by the very next check, even in the same scope; repeated checks cost no query.</summary>
public class FreshnessTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Theory, MemberData(nameof(Providers))]
    public async Task A_grant_and_a_revoke_are_seen_by_the_next_check_in_the_same_request(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        var principal = await host.PrincipalAsync(alice);

        await host.InScopeAsync(async services =>
        {
            var checker = services.GetRequiredService<IPermissionChecker>();
            var users = services.GetRequiredService<UserAdministration>();
            Assert.False(await checker.HasPermissionAsync(principal, "shop.view_product"));
            await users.GrantAsync(alice, "shop.view_product");
            Assert.True(await checker.HasPermissionAsync(principal, "shop.view_product"));
            await users.RevokeAsync(alice, "shop.view_product");
            Assert.False(await checker.HasPermissionAsync(principal, "shop.view_product"));
        });
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Group_grants_and_membership_changes_are_seen_at_once(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        var principal = await host.PrincipalAsync(alice);
        var editors = await host.CreateGroupAsync("Editors");

        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
        await host.AddMemberAsync(editors, alice);
        await host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().GrantAsync(editors, ["shop.change_product"]));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));

        await host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().RevokeAsync(editors, "shop.change_product"));
        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));

        await host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().GrantAsync(editors, ["shop.change_product"]));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));
        await host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().RemoveMemberAsync(editors, alice));
        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Deleting_a_group_removes_its_grants_from_members_at_once(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        var principal = await host.PrincipalAsync(alice);
        var editors = await host.CreateGroupAsync("Editors", "shop.change_product");
        await host.AddMemberAsync(editors, alice);
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));

        await host.InScopeAsync(async s =>
        {
            var roles = s.GetRequiredService<RoleManager<PermissionsGroup>>();
            await roles.DeleteAsync((await roles.FindByNameAsync("Editors"))!);
        });

        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
        Assert.NotNull(await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Users.SingleOrDefaultAsync(u => u.UserName == "alice")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Superuser_and_active_flags_changed_through_UserManager_are_seen_at_once(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        var principal = await host.PrincipalAsync(alice);
        Assert.False(await host.HasPermissionAsync(principal, "shop.delete_product"));

        async Task Update(Action<PermissionsUser> change) => await host.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PermissionsUser>>();
            var user = (await users.FindByNameAsync("alice"))!;
            change(user);
            await users.UpdateAsync(user);
        });

        await Update(u => u.IsSuperuser = true);
        Assert.True(await host.HasPermissionAsync(principal, "shop.delete_product"));
        await Update(u => u.IsActive = false);
        Assert.False(await host.HasPermissionAsync(principal, "shop.delete_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_first_check_costs_one_query_and_later_checks_none(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        await host.GrantAsync(alice, "shop.view_product");
        await host.AddMemberAsync(await host.CreateGroupAsync("Editors", "shop.change_product"), alice);
        var principal = await host.PrincipalAsync(alice);

        host.Queries.Reset();
        Assert.True(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.Equal(1, host.Queries.Commands);

        host.Queries.Reset();
        await host.InScopeAsync(async s =>
        {
            var checker = s.GetRequiredService<IPermissionChecker>();
            for (var i = 0; i < 20; i++)
            {
                Assert.True(await checker.HasPermissionAsync(principal, "shop.change_product"));
                Assert.False(await checker.HasPermissionAsync(principal, "shop.delete_product"));
            }
            Assert.True(await checker.HasModulePermissionsAsync(principal, "shop"));
        });
        Assert.Equal(0, host.Queries.Commands);
    }
}
