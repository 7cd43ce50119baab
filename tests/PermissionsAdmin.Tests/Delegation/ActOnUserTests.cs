using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Delegation;

/// <summary>
/// Issue #14, finding 1, in the service itself: acting on a user needs holding everything they hold (permissions
/// direct and through groups, and staff status), so no door can take over a more powerful account.
/// </summary>
public class ActOnUserTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static async Task ActAsync(ShopHost host, PermissionsUser actor, Func<UserAdministration, Task> body)
    {
        var principal = await host.PrincipalAsync(actor);
        await host.InScopeAsync(async services =>
        {
            using var acting = services.GetRequiredService<ActorAccessor>().ActAs(new Actor(actor.Id, actor.UserName!, "admin", principal));
            await body(services.GetRequiredService<UserAdministration>());
        });
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_delegate_acts_only_on_users_who_hold_nothing_they_lack(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        await host.CreateUserAsync("root", isSuperuser: true);
        var delegate_ = await host.CreateUserAsync("delegate");
        foreach (var permission in new[] { "auth.change_user", "auth.delete_user", "shop.view_product" }) await host.GrantAsync(delegate_, permission);
        var stronger = await host.CreateUserAsync("stronger");
        await host.GrantAsync(stronger, "shop.delete_product");
        var member = await host.CreateUserAsync("member");
        await host.AddMemberAsync(await host.CreateGroupAsync("Editors", "shop.change_product"), member);
        var staff = await host.CreateUserAsync("staff");
        await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().UpdateAsync(staff.Id, null, new UserEdit { IsStaff = true }));
        var peer = await host.CreateUserAsync("peer");
        await host.GrantAsync(peer, "shop.view_product");

        foreach (var (target, why) in new[]
        {
            (stronger, "they hold shop.delete_product"), (member, "they hold shop.change_product"), (staff, "they are staff and you are not"),
        })
        {
            foreach (var act in new Func<UserAdministration, Task>[]
            {
                users => users.SetPasswordAsync(target.Id, "Takeover-Pass-42"),
                users => users.UpdateAsync(target.Id, null, new UserEdit { UserName = "renamed" }),
                users => users.SetActiveAsync(target, false),
                users => users.UnlockAsync(target.Id),
                users => users.DeleteAsync(target.Id, null),
            })
            {
                var refused = await Assert.ThrowsAsync<AdministrationDeniedException>(() => ActAsync(host, delegate_, act));
                Assert.Contains(why, refused.Message);
            }
        }
        var unchanged = await host.InScopeAsync(s => s.GetRequiredService<Shop.ShopDbContext>().Users.AsNoTracking()
            .Where(u => u.UserName == "stronger" || u.UserName == "member" || u.UserName == "staff").CountAsync(u => u.IsActive));
        Assert.Equal(3, unchanged);

        // A peer holding only what the delegate holds stays theirs to manage.
        await ActAsync(host, delegate_, users => users.SetPasswordAsync(peer.Id, "Takeover-Pass-42"));
    }
}
