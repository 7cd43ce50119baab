using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
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

    /// <summary>A shop on the settable clock with alice, not yet in Editors (which may change products).</summary>
    private static async Task<(SettableClock, ShopHost, PermissionsUser, ClaimsPrincipal, PermissionsGroup)> StartAsync(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        var host = await ShopHost.CreateAsync(kind, configure: services => services.AddSingleton<TimeProvider>(clock));
        var alice = await host.CreateUserAsync("alice");
        return (clock, host, alice, await host.PrincipalAsync(alice), await host.CreateGroupAsync("Editors", "shop.change_product"));
    }
}
