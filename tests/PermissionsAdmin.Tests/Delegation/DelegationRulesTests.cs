using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Delegation;

/// <summary>Safe delegation, enforced in the services so no door goes around it.</summary>
public class DelegationRulesTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    /// <summary>A staff user who may change users and holds shop.view_product, plus a target user and a superuser.</summary>
    private static async Task<(ShopHost Host, PermissionsUser Admin, PermissionsUser Target, PermissionsUser Root)> ArrangeAsync(DatabaseKind kind)
    {
        var host = await ShopHost.CreateAsync(kind);
        var root = await host.CreateUserAsync("root", isSuperuser: true);
        var admin = await host.CreateUserAsync("delegate");
        foreach (var permission in new[] { "auth.change_user", "auth.add_user", "auth.change_group", "auth.delete_user", "shop.view_product" })
        {
            await host.GrantAsync(admin, permission);
        }
        var target = await host.CreateUserAsync("target");
        return (host, admin, target, root);
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="actor"/> acting, as an admin request would.</summary>
    private static async Task AsAsync(ShopHost host, PermissionsUser actor, Func<IServiceProvider, Task> body)
    {
        var principal = await host.PrincipalAsync(actor);
        await host.InScopeAsync(async services =>
        {
            using var acting = services.GetRequiredService<ActorAccessor>().ActAs(new Actor(actor.Id, actor.UserName!, "admin", principal));
            await body(services);
        });
    }

    private static Task<List<string>> DirectPermissionsAsync(ShopHost host, PermissionsUser user) =>
        host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().UserPermissions.Where(g => g.UserId == user.Id)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).OrderBy(n => n).ToListAsync());

    private static Task<PermissionsUser> ReloadAsync(ShopHost host, PermissionsUser user) =>
        host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));

    [Theory, MemberData(nameof(Providers))]
    public async Task A_delegated_admin_grants_only_what_they_hold(DatabaseKind kind)
    {
        var (host, admin, target, _) = await ArrangeAsync(kind);
        await using var _ = host;

        await AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().GrantAsync(target, "shop.view_product"));
        var refused = await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().GrantAsync(target, "shop.delete_product")));

        Assert.Equal("You cannot grant shop.delete_product: you do not hold it yourself.", refused.Message);
        Assert.Equal(["shop.view_product"], await DirectPermissionsAsync(host, target));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Adding_to_a_group_needs_every_permission_of_the_group(DatabaseKind kind)
    {
        var (host, admin, target, _) = await ArrangeAsync(kind);
        await using var _ = host;
        var viewers = await host.CreateGroupAsync("Viewers", "shop.view_product");
        var editors = await host.CreateGroupAsync("Editors", "shop.view_product", "shop.change_product");

        await AsAsync(host, admin, s => s.GetRequiredService<GroupAdministration>().AddMemberAsync(viewers, target));
        var refused = await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<GroupAdministration>().AddMemberAsync(editors, target)));

        Assert.Contains("'Editors'", refused.Message);
        Assert.False(await host.HasPermissionAsync(await host.PrincipalAsync(target), "shop.change_product"));
        Assert.True(await host.HasPermissionAsync(await host.PrincipalAsync(target), "shop.view_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Nobody_changes_their_own_grants_groups_or_flags_but_a_superuser(DatabaseKind kind)
    {
        var (host, admin, _, root) = await ArrangeAsync(kind);
        await using var _ = host;
        var viewers = await host.CreateGroupAsync("Viewers", "shop.view_product");

        await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().RevokeAsync(admin, "shop.view_product")));
        await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<GroupAdministration>().AddMemberAsync(viewers, admin)));
        await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().UpdateAsync(admin.Id, null, new UserEdit { IsStaff = true })));
        Assert.Contains("shop.view_product", await DirectPermissionsAsync(host, admin));

        await AsAsync(host, root, s => s.GetRequiredService<UserAdministration>().UpdateAsync(root.Id, null, new UserEdit { FirstName = "Ada", IsStaff = true }));
        Assert.Equal("Ada", (await ReloadAsync(host, root)).FirstName);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_a_superuser_grants_or_revokes_superuser_status_or_touches_a_superuser(DatabaseKind kind)
    {
        var (host, admin, target, root) = await ArrangeAsync(kind);
        await using var _ = host;

        var refused = await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().UpdateAsync(target.Id, null, new UserEdit { IsSuperuser = true })));
        Assert.Equal("Only a superuser can make a user a superuser.", refused.Message);
        await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().SetPasswordAsync(root.Id, "Hijack3d!Pass")));
        await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, admin, s => s.GetRequiredService<UserAdministration>().CreateAsync("boss", null, null, isSuperuser: true)));
        Assert.False((await ReloadAsync(host, target)).IsSuperuser);

        await AsAsync(host, root, s => s.GetRequiredService<UserAdministration>().UpdateAsync(target.Id, null, new UserEdit { IsSuperuser = true }));
        Assert.True((await ReloadAsync(host, target)).IsSuperuser);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_last_active_superuser_cannot_be_deactivated_demoted_or_deleted(DatabaseKind kind)
    {
        var (host, _, _, root) = await ArrangeAsync(kind);
        await using var _ = host;
        var users = (IServiceProvider s) => s.GetRequiredService<UserAdministration>();

        await Assert.ThrowsAsync<AdministrationException>(() => host.InScopeAsync(s => users(s).SetActiveAsync(root, false)));
        await Assert.ThrowsAsync<AdministrationException>(() =>
            host.InScopeAsync(s => users(s).UpdateAsync(root.Id, null, new UserEdit { IsSuperuser = false })));
        await Assert.ThrowsAsync<AdministrationException>(() => host.InScopeAsync(s => users(s).DeleteAsync([root.Id])));
        Assert.True((await ReloadAsync(host, root)) is { IsActive: true, IsSuperuser: true });

        var second = await host.CreateUserAsync("second", isSuperuser: true);
        await host.InScopeAsync(s => users(s).SetActiveAsync(root, false));
        Assert.False((await ReloadAsync(host, root)).IsActive);
        await Assert.ThrowsAsync<AdministrationException>(() => host.InScopeAsync(s => users(s).DeleteAsync([second.Id])));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_matching_auth_permission_is_needed_and_an_anonymous_visitor_may_do_nothing(DatabaseKind kind)
    {
        var (host, _, target, _) = await ArrangeAsync(kind);
        await using var _ = host;
        var plain = await host.CreateUserAsync("plain");
        await host.GrantAsync(plain, "auth.add_user");

        var refused = await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, plain, s => s.GetRequiredService<UserAdministration>().CreateAsync("newbie", null, null)));
        Assert.Equal("You need the auth.change_user permission to do this.", refused.Message);
        await Assert.ThrowsAsync<AdministrationDeniedException>(() =>
            AsAsync(host, plain, s => s.GetRequiredService<UserAdministration>().DeleteAsync([target.Id])));

        await Assert.ThrowsAsync<AdministrationDeniedException>(() => host.InScopeAsync(async s =>
        {
            using var anonymous = s.GetRequiredService<ActorAccessor>().ActAs(
                new Actor(null, "anonymous", "web", new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity())));
            await s.GetRequiredService<GroupAdministration>().CreateAsync("Sneaky", Array.Empty<string>());
        }));
        Assert.Equal(0, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Users.CountAsync(u => u.UserName == "newbie")));
        Assert.Equal(0, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Roles.CountAsync(r => r.Name == "Sneaky")));
    }
}
