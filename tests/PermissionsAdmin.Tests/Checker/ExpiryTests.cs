using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Checker;

/// <summary>
/// A membership or a direct grant with an end is held until then and not from then on, by the very next check,
/// though nothing ran at that moment and the user's permissions were cached; every query agrees.
/// </summary>
public class ExpiryTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(Providers))]
    public async Task A_membership_and_a_grant_end_at_their_end_with_the_cache_warm(DatabaseKind kind)
    {
        var (clock, host, alice, principal, editors) = await StartAsync(kind);
        await using var _ = host;
        await host.InScopeAsync(async services =>
        {
            await services.GetRequiredService<GroupAdministration>().AddMemberAsync(editors, alice, Start.AddHours(1));
            await services.GetRequiredService<UserAdministration>().GrantAsync(alice, "shop.view_product", expiresAt: Start.AddHours(2));
        });

        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));
        Assert.True(await host.HasPermissionAsync(principal, "shop.view_product"));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
        Assert.True(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.Empty(await host.InScopeAsync(s => s.GetRequiredService<UserManager<PermissionsUser>>().GetRolesAsync(alice)));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.Empty(await host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().UserPermissions.ToListAsync()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_ended_membership_can_be_given_again_and_a_grant_given_again_takes_the_new_end(DatabaseKind kind)
    {
        var (clock, host, alice, principal, editors) = await StartAsync(kind);
        await using var _ = host;
        Task AddAsync(DateTimeOffset? end) =>
            host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().AddMemberAsync(editors, alice, end));

        await AddAsync(Start.AddHours(1));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
        // The ended membership's row is still there, hidden: giving it again must not collide with it.
        await AddAsync(clock.Now.AddHours(1));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));

        // Given again without an end, it is held for good.
        await AddAsync(null);
        clock.Advance(TimeSpan.FromDays(365));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));

        var past = await Assert.ThrowsAsync<AdministrationException>(() =>
            host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().GrantAsync(alice, "shop.view_product", expiresAt: clock.Now)));
        Assert.Equal("The expiry must be in the future.", past.Message);
        Assert.False(await host.HasPermissionAsync(principal, "shop.view_product"));

        var history = await host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().AuditEntries
            .Where(e => e.ObjectType == GroupAdministration.ObjectType).Select(e => e.Changes).ToListAsync());
        Assert.Contains(history, h => h.Contains("alice (until 2026-12-06 10:00 UTC)"));
        Assert.Contains(history, h => h.Contains("alice (no end)"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Giving_an_end_is_granting_refused_to_oneself_and_to_a_delegate_without_the_permissions(DatabaseKind kind)
    {
        var (clock, host, alice, principal, editors) = await StartAsync(kind);
        await using var _ = host;
        var delegate_ = await host.CreateUserAsync("delegate");
        await host.GrantAsync(delegate_, "auth.change_user");
        await host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().AddMemberAsync(editors, alice, Start.AddHours(1)));
        await host.GrantAsync(alice, "auth.change_user");
        Task AsAsync(PermissionsUser actor, DateTimeOffset? end) => host.InScopeAsync(async services =>
        {
            var acting = new Actor(actor.Id, actor.UserName!, "admin", await host.PrincipalAsync(actor));
            using var scope = services.GetRequiredService<ActorAccessor>().ActAs(acting);
            await services.GetRequiredService<GroupAdministration>().AddMemberAsync(editors, alice, end);
        });

        // Alice may change users, but not her own membership; the delegate may not reach one who holds what they lack.
        await Assert.ThrowsAsync<AdministrationDeniedException>(() => AsAsync(alice, null));
        await Assert.ThrowsAsync<AdministrationDeniedException>(() => AsAsync(delegate_, Start.AddDays(30)));
        // Once it has ended, giving it back is granting the group's permissions, which the delegate lacks.
        clock.Advance(TimeSpan.FromHours(2));
        await Assert.ThrowsAsync<AdministrationDeniedException>(() => AsAsync(delegate_, null));
        Assert.False(await host.HasPermissionAsync(principal, "shop.change_product"));
    }

    /// <summary>A shop on the settable clock with alice, not yet in Editors (which may change products).</summary>
    private static async Task<(SettableClock, ShopHost, PermissionsUser, ClaimsPrincipal, PermissionsGroup)> StartAsync(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        var host = await ShopHost.CreateAsync(kind, configure: services => services.AddSingleton<TimeProvider>(clock));
        var alice = await host.CreateUserAsync("alice");
        return (clock, host, alice, await host.PrincipalAsync(alice), await host.CreateGroupAsync("Editors", "shop.change_product"));
    }
}
