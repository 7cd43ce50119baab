using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Delegation;

/// <summary>Two administrators editing the same object: the second save is refused and nothing is overwritten.</summary>
public class ConcurrencyTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Theory, MemberData(nameof(Providers))]
    public async Task A_user_edit_made_from_a_stale_form_is_refused(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        var seenByBoth = alice.ConcurrencyStamp;

        await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>()
            .UpdateAsync(alice.Id, seenByBoth, new UserEdit { FirstName = "First" }));
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => host.InScopeAsync(s =>
            s.GetRequiredService<UserAdministration>().UpdateAsync(alice.Id, seenByBoth, new UserEdit { FirstName = "Second" })));

        Assert.Contains("Someone else changed user 'alice'", conflict.Message);
        Assert.Equal("First", await host.InScopeAsync(s =>
            s.GetRequiredService<ShopDbContext>().Users.Where(u => u.Id == alice.Id).Select(u => u.FirstName).SingleAsync()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_group_edit_made_from_a_stale_form_is_refused_even_when_only_permissions_changed(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var group = await host.CreateGroupAsync("Editors");
        var ids = await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Permissions
            .Where(p => p.Codename == "view_product" || p.Codename == "change_product").OrderBy(p => p.Codename).Select(p => p.Id).ToListAsync());

        await host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().UpdateAsync(group.Id, group.ConcurrencyStamp, null, [ids[0]]));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => host.InScopeAsync(s =>
            s.GetRequiredService<GroupAdministration>().UpdateAsync(group.Id, group.ConcurrencyStamp, null, [ids[1]])));

        Assert.Equal([ids[0]], await host.InScopeAsync(s =>
            s.GetRequiredService<ShopDbContext>().GroupPermissions.Where(g => g.GroupId == group.Id).Select(g => g.PermissionId).ToListAsync()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_edit_that_fails_validation_changes_nothing_in_any_table(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        await host.CreateUserAsync("taken");
        var alice = await host.CreateUserAsync("alice");
        var group = await host.CreateGroupAsync("Editors", "shop.change_product");
        var viewProduct = await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Permissions
            .Where(p => p.Codename == "view_product").Select(p => p.Id).SingleAsync());

        await Assert.ThrowsAsync<AdministrationException>(() => host.InScopeAsync(s =>
            s.GetRequiredService<UserAdministration>().UpdateAsync(alice.Id, null,
                new UserEdit { UserName = "taken", GroupIds = [group.Id], PermissionIds = [viewProduct] })));

        var principal = await host.PrincipalAsync(alice);
        Assert.False(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
        Assert.Equal(1, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().AuditEntries.CountAsync(e => e.ObjectId == alice.Id.ToString(CultureInfo.InvariantCulture) && e.ObjectType == "auth.user")));
    }
}
