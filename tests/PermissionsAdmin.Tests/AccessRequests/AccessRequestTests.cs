using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.AccessRequests;

/// <summary>
/// Requests and their decisions hold the rules in the service, for every door: nobody decides their own, an
/// approver approves only a group whose permissions they hold, a changed group is approved only as seen, two approvers
/// at once cannot both decide, and the approval's membership ends when asked.
/// </summary>
public class AccessRequestTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(Providers))]
    public async Task An_approved_request_gives_the_group_until_its_end_and_the_history_says_so(DatabaseKind kind)
    {
        var shop = await StartAsync(kind);
        await using var _ = shop.Host;
        var request = await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "to fix a typo", TimeSpan.FromHours(1)));
        Assert.False(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));

        // Alice cannot approve her own; the approver who lacks the group's permissions cannot either.
        var own = await Assert.ThrowsAsync<AdministrationDeniedException>(() => shop.AsAsync(shop.Alice, r => r.ApproveAsync(request.Id, null)));
        Assert.Equal("Nobody decides their own request.", own.Message);
        var weak = await Assert.ThrowsAsync<AdministrationDeniedException>(() => shop.AsAsync(shop.WeakApprover, r => r.ApproveAsync(request.Id, null)));
        Assert.Contains("you do not hold all of its permissions", weak.Message);
        var pendingForWeak = await shop.AsAsync(shop.WeakApprover, r => r.PendingAsync());
        Assert.NotNull(Assert.Single(pendingForWeak).CannotApprove);
        Assert.Equal(["shop.change_product"], Assert.Single(pendingForWeak).Gains);

        await shop.AsAsync(shop.Approver, r => r.ApproveAsync(request.Id, "ok for an hour"));
        Assert.True(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));
        var decided = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => shop.AsAsync(shop.Approver, r => r.DenyAsync(request.Id, null)));
        Assert.Equal("This request is already approved.", decided.Message);

        shop.Clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));
        var mine = Assert.Single(await shop.AsAsync(shop.Alice, r => r.MineAsync()));
        Assert.Equal(AccessRequestStatus.Approved, mine.Status);
        Assert.Equal(Start.AddHours(1).UtcDateTime, mine.GrantedUntil);

        var audit = await shop.Host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().AuditEntries.OrderBy(e => e.Id).ToListAsync());
        Assert.Contains(audit, e => e.ObjectType == AccessRequestAdministration.ObjectType && e.Action == AuditAction.Added && e.ActorName == "alice");
        Assert.Contains(audit, e => e.ObjectType == AccessRequestAdministration.ObjectType && e.ActorName == "approver" && e.Changes.Contains("Approved"));
        Assert.Contains(audit, e => e.ObjectType == UserAdministration.ObjectType && e.ActorName == "approver" && e.Changes.Contains("Editors (until 2026-12-06 10:00 UTC)"));
        // Each was told: the approvers of the request, alice of its approval.
        var notices = await shop.Host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().Notices.ToListAsync());
        Assert.Contains(notices, n => n.UserId == shop.Approver.Id && n.Text.Contains("alice asks for the group 'Editors'"));
        Assert.Contains(notices, n => n.UserId == shop.Alice.Id && n.Text.Contains("approver approved your request"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_terms_of_the_policy_are_kept_and_a_refusal_changes_nothing(DatabaseKind kind)
    {
        var shop = await StartAsync(kind);
        await using var _ = shop.Host;
        async Task<string?> FieldOfAsync(string? justification, TimeSpan? duration) =>
            (await Assert.ThrowsAnyAsync<AdministrationException>(() =>
                shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, justification, duration)))).Field;

        Assert.Equal("Justification", await FieldOfAsync("  ", TimeSpan.FromHours(1)));
        Assert.Equal("Duration", await FieldOfAsync("why", null));
        Assert.Equal("Duration", await FieldOfAsync("why", TimeSpan.FromDays(8)));
        Assert.Equal("Duration", await FieldOfAsync("why", TimeSpan.FromHours(-1)));
        Assert.Equal("Justification", await FieldOfAsync(new string('x', AccessRequest.MaxJustificationLength + 1), TimeSpan.FromHours(1)));
        // A NUL cannot be stored by PostgreSQL: bad input, not a failed save.
        Assert.Equal("Justification", await FieldOfAsync("a\0b", TimeSpan.FromHours(1)));
        await Assert.ThrowsAsync<AdministrationNotFoundException>(() => shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Approvers.Id, "why", null)));
        Assert.Equal(0, await shop.Host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().AccessRequests.CountAsync()));

        var first = await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "why", TimeSpan.FromDays(7)));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "again", TimeSpan.FromHours(1))));
        foreach (var decide in new Func<AccessRequestAdministration, Task>[] { r => r.ApproveAsync(first.Id, "a\0b"), r => r.DenyAsync(first.Id, "a\0b") })
        {
            Assert.Equal("Comment", (await Assert.ThrowsAnyAsync<AdministrationException>(() => shop.AsAsync(shop.Approver, decide))).Field);
        }
        // Someone else's request is not theirs to withdraw; their own is.
        await Assert.ThrowsAsync<AdministrationNotFoundException>(() => shop.AsAsync(shop.Approver, r => r.WithdrawAsync(first.Id)));
        await shop.AsAsync(shop.Alice, r => r.WithdrawAsync(first.Id));
        Assert.Empty(await shop.AsAsync(shop.Approver, r => r.PendingAsync()));
        await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "again", TimeSpan.FromHours(1)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_group_changed_since_the_request_is_approved_only_as_seen_now(DatabaseKind kind)
    {
        var shop = await StartAsync(kind);
        await using var _ = shop.Host;
        var request = await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "why", TimeSpan.FromHours(1)));
        await shop.Host.InScopeAsync(s => s.GetRequiredService<GroupAdministration>().GrantAsync(shop.Editors, "shop.view_product"));
        await shop.Host.GrantAsync(shop.Approver, "shop.view_product");

        var pending = Assert.Single(await shop.AsAsync(shop.Approver, r => r.PendingAsync()));
        Assert.Equal(["shop.view_product"], pending.AddedSinceRequest);
        var changed = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => shop.AsAsync(shop.Approver, r => r.ApproveAsync(request.Id, null)));
        Assert.Contains("now adds: shop.view_product", changed.Message);
        Assert.False(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));

        await shop.AsAsync(shop.Approver, r => r.ApproveAsync(request.Id, null, pending.CurrentPermissions));
        Assert.True(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.view_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Of_two_approvers_at_once_one_decides_and_two_approvals_are_needed_when_the_policy_says_so(DatabaseKind kind)
    {
        var shop = await StartAsync(kind);
        await using var _ = shop.Host;
        var second = await shop.Host.CreateUserAsync("second");
        await shop.Host.AddMemberAsync(shop.Editors, second);
        await shop.Host.AddMemberAsync(shop.Approvers, second);

        var request = await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "why", TimeSpan.FromHours(1)));
        var results = await Task.WhenAll(
            Try(() => shop.AsAsync(shop.Approver, r => r.ApproveAsync(request.Id, null))),
            Try(() => shop.AsAsync(second, r => r.DenyAsync(request.Id, null))));
        Assert.Single(results, e => e is null);
        Assert.IsType<ConcurrencyConflictException>(Assert.Single(results, e => e is not null));
        var status = (await shop.AsAsync(shop.Alice, r => r.MineAsync()))[0].Status;
        Assert.Equal(status == AccessRequestStatus.Approved, await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));

        await shop.Host.InScopeAsync(s => s.GetRequiredService<AccessRequestAdministration>().SetPolicyAsync(shop.Editors.Id,
            new AccessPolicySettings { ApproverGroup = "Approvers", MaxDuration = TimeSpan.FromDays(7), ApprovalsNeeded = 2 }));
        shop.Clock.Advance(TimeSpan.FromHours(2));
        var next = await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, null, TimeSpan.FromHours(1)));
        await shop.AsAsync(shop.Approver, r => r.ApproveAsync(next.Id, null));
        var twice = await Assert.ThrowsAsync<AdministrationDeniedException>(() => shop.AsAsync(shop.Approver, r => r.ApproveAsync(next.Id, null)));
        Assert.Equal("You have already approved this request.", twice.Message);
        Assert.False(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));
        await shop.AsAsync(second, r => r.ApproveAsync(next.Id, null));
        Assert.True(await shop.Host.HasPermissionAsync(shop.AlicePrincipal, "shop.change_product"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_undecided_request_reminds_its_approvers_once_and_then_expires(DatabaseKind kind)
    {
        var shop = await StartAsync(kind, services => services.Configure<AccessRequestOptions>(o =>
        {
            o.RemindAfter = TimeSpan.FromHours(4);
            o.ExpireUndecidedAfter = TimeSpan.FromDays(2);
        }));
        await using var _ = shop.Host;
        var request = await shop.AsAsync(shop.Alice, r => r.RequestAsync(shop.Editors.Id, "why", TimeSpan.FromHours(1)));
        var sweeper = shop.Host.Services.GetRequiredService<AccessRequestSweeper>();
        Assert.Equal((0, 0), await sweeper.SweepAsync());
        shop.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal((1, 0), await sweeper.SweepAsync());
        Assert.Equal((0, 0), await sweeper.SweepAsync());
        shop.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal((0, 1), await sweeper.SweepAsync());
        Assert.Equal(AccessRequestStatus.Expired, Assert.Single(await shop.AsAsync(shop.Alice, r => r.MineAsync())).Status);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => shop.AsAsync(shop.Approver, r => r.ApproveAsync(request.Id, null)));
        var notices = await shop.Host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().Notices.ToListAsync());
        Assert.Single(notices, n => n.UserId == shop.Approver.Id && n.Text.Contains("still undecided"));
        Assert.Single(notices, n => n.UserId == shop.Alice.Id && n.Text.Contains("expired undecided"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_configured_policy_is_applied_once_and_is_a_superusers_to_change(DatabaseKind kind)
    {
        var shop = await StartAsync(kind, services => services.Configure<AccessRequestOptions>(o => o.Groups["Approvers"] =
            new AccessPolicySettings { ApproverPermission = "shop.change_product", MaxDuration = TimeSpan.FromHours(8) }));
        await using var _ = shop.Host;
        Task<IReadOnlyList<string>> ApplyAsync() => shop.Host.InScopeAsync(s => s.GetRequiredService<AccessPoliciesAsCode>().ApplyAsync());

        Assert.Equal(["set the access policy of group Approvers"], await ApplyAsync());
        Assert.Empty(await ApplyAsync());
        var policy = await shop.Host.InScopeAsync(s => s.GetRequiredService<AccessRequestAdministration>().GetPolicyAsync(shop.Approvers.Id));
        Assert.True(policy!.Configured);

        // The approver holds auth.change_group and every permission of Approvers (none), but is no superuser.
        await shop.Host.GrantAsync(shop.Approver, "auth.change_group");
        var refused = await Assert.ThrowsAsync<AdministrationDeniedException>(() => shop.AsAsync(shop.Approver, r => r.SetPolicyAsync(shop.Approvers.Id, null)));
        Assert.Contains("the configuration sets it", refused.Message);
        // Nor may one without Editors' permissions make Editors requestable on other terms.
        await shop.Host.GrantAsync(shop.WeakApprover, "auth.change_group");
        var lacking = await Assert.ThrowsAsync<AdministrationDeniedException>(() => shop.AsAsync(shop.WeakApprover, r => r.SetPolicyAsync(shop.Editors.Id, null)));
        Assert.Contains("you do not hold all of its permissions", lacking.Message);
        Assert.NotNull(await shop.Host.InScopeAsync(s => s.GetRequiredService<AccessRequestAdministration>().GetPolicyAsync(shop.Approvers.Id)));
        Assert.Single(await shop.Host.InScopeAsync(s => s.GetRequiredService<PermissionsDbContext>().AuditEntries
            .Where(e => e.Changes.Contains("AccessPolicy") && e.ObjectRepr == "Approvers").ToListAsync()));
    }

    [Theory]
    [InlineData("Nobody", "shop.change_product", "Configuration PermissionsAdmin:AccessRequests:Groups:Nobody names no group")]
    [InlineData("Approvers", "shop.chnage_product", "Configuration PermissionsAdmin:AccessRequests:Groups:Approvers: Unknown permission 'shop.chnage_product'.")]
    public async Task A_configured_policy_naming_what_does_not_exist_stops_startup_with_its_key(string group, string permission, string message)
    {
        var shop = await StartAsync(DatabaseKind.Sqlite, services => services.Configure<AccessRequestOptions>(o => o.Groups[group] =
            new AccessPolicySettings { ApproverPermission = permission }));
        await using var _ = shop.Host;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            shop.Host.InScopeAsync(s => s.GetRequiredService<AccessPoliciesAsCode>().ApplyAsync()));
        Assert.StartsWith(message, refused.Message);
    }

    private static async Task<Exception?> Try(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private sealed record Shop(
        SettableClock Clock, ShopHost Host, PermissionsUser Alice, ClaimsPrincipal AlicePrincipal, PermissionsUser Approver,
        PermissionsUser WeakApprover, PermissionsGroup Editors, PermissionsGroup Approvers)
    {
        public Task<T> AsAsync<T>(PermissionsUser user, Func<AccessRequestAdministration, Task<T>> action) => Host.InScopeAsync(async services =>
        {
            using var scope = services.GetRequiredService<ActorAccessor>().ActAs(new Actor(user.Id, user.UserName!, "web", await Host.PrincipalAsync(user)));
            return await action(services.GetRequiredService<AccessRequestAdministration>());
        });

        public Task AsAsync(PermissionsUser user, Func<AccessRequestAdministration, Task> action) =>
            AsAsync(user, async r => { await action(r); return true; });
    }

    /// <summary>
    /// Editors (may change products) is requestable by anyone for up to 7 days with a justification, approved by the
    /// Approvers group: "approver" is in both, "weak" only in Approvers.
    /// </summary>
    private static async Task<Shop> StartAsync(DatabaseKind kind, Action<IServiceCollection>? configure = null)
    {
        var clock = new SettableClock(Start);
        var host = await ShopHost.CreateAsync(kind, configure: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            configure?.Invoke(services);
        });
        var alice = await host.CreateUserAsync("alice");
        var approver = await host.CreateUserAsync("approver");
        var weak = await host.CreateUserAsync("weak");
        var editors = await host.CreateGroupAsync("Editors", "shop.change_product");
        var approvers = await host.CreateGroupAsync("Approvers");
        await host.AddMemberAsync(editors, approver);
        await host.AddMemberAsync(approvers, approver);
        await host.AddMemberAsync(approvers, weak);
        await host.InScopeAsync(s => s.GetRequiredService<AccessRequestAdministration>().SetPolicyAsync(editors.Id,
            new AccessPolicySettings { ApproverGroup = "Approvers", MaxDuration = TimeSpan.FromDays(7), JustificationRequired = true }));
        return new Shop(clock, host, alice, await host.PrincipalAsync(alice), approver, weak, editors, approvers);
    }
}
