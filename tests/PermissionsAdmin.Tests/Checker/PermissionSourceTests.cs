using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Checker;

/// <summary>Custom sources: Django's authentication backends, with allow, deny-stops-the-chain and no opinion.</summary>
public class PermissionSourceTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    /// <summary>"Staff may view anything"; denies every delete before the stored grants are read.</summary>
    private sealed class StaffRules : IPermissionSource
    {
        public static int Calls;

        public int Order => -10;

        public ValueTask<PermissionVote> VoteAsync(PermissionSubject subject, string permission, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            if (permission.Contains(".delete_")) return ValueTask.FromResult(PermissionVote.Deny);
            return ValueTask.FromResult(subject.IsStaff && permission.Contains(".view_") ? PermissionVote.Allow : PermissionVote.Abstain);
        }
    }

    private sealed class Uncacheable : IPermissionSource
    {
        public static int Calls;

        public bool IsCacheable => false;

        public ValueTask<PermissionVote> VoteAsync(PermissionSubject subject, string permission, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(PermissionVote.Abstain);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_source_allows_denies_before_stored_grants_or_abstains(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind, configure: s => s.AddPermissionSource<StaffRules>());
        var staff = await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>()
            .CreateAsync("sam", null, null, isStaff: true));
        await host.GrantAsync(staff, "shop.delete_product");
        await host.GrantAsync(staff, "shop.change_product");
        var principal = await host.PrincipalAsync(staff);

        Assert.True(await host.HasPermissionAsync(principal, "billing.view_invoice"));
        Assert.False(await host.HasPermissionAsync(principal, "shop.delete_product"));
        Assert.True(await host.HasPermissionAsync(principal, "shop.change_product"));

        var root = await host.PrincipalAsync(await host.CreateUserAsync("root", isSuperuser: true));
        Assert.True(await host.HasPermissionAsync(root, "shop.delete_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Cacheable_answers_are_kept_until_a_change_and_uncacheable_sources_are_asked_every_time(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind, configure: s => s.AddPermissionSource<Uncacheable>());
        var alice = await host.CreateUserAsync("alice");
        var principal = await host.PrincipalAsync(alice);

        var before = Uncacheable.Calls;
        for (var i = 0; i < 3; i++) Assert.False(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.Equal(before + 3, Uncacheable.Calls);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_cacheable_source_is_asked_once_until_the_user_changes(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind, configure: s => s.AddPermissionSource<StaffRules>());
        var alice = await host.CreateUserAsync("alice");
        var principal = await host.PrincipalAsync(alice);

        var before = StaffRules.Calls;
        for (var i = 0; i < 3; i++) Assert.False(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.Equal(before + 1, StaffRules.Calls);

        await host.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PermissionsAdmin.Model.PermissionsUser>>();
            var user = (await users.FindByNameAsync("alice"))!;
            user.IsStaff = true;
            await users.UpdateAsync(user);
        });
        Assert.True(await host.HasPermissionAsync(principal, "shop.view_product"));
    }
}
