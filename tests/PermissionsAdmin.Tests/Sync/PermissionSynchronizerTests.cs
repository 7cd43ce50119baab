using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Sync;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Sync;

public class PermissionSynchronizerTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static Task<SyncReport> SyncAsync(ShopHost host, PermissionCatalogue? catalogue = null, bool removeStale = false, bool dryRun = false) =>
        host.InScopeAsync(s => new PermissionSynchronizer(
                s.GetRequiredService<ShopDbContext>(),
                catalogue ?? s.GetRequiredService<PermissionCatalogue>(),
                s.GetRequiredService<PermissionCache>(),
                s.GetRequiredService<DelegationRules>(),
                s.GetRequiredService<AuditLog>())
            .SyncAsync(removeStale, dryRun));

    private static Task<List<string>> StoredAsync(ShopHost host) =>
        host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Permissions
            .Select(p => p.ContentType.AppLabel + "." + p.Codename + "|" + p.Name).OrderBy(n => n).ToListAsync());

    /// <summary>The shop catalogue with one entity's definition replaced, as after a code change.</summary>
    private static PermissionCatalogue Without(PermissionCatalogue catalogue, string model, ContentTypeDefinition? replacement = null) =>
        new([.. catalogue.ContentTypes.Where(c => c.Model != model), .. replacement is null ? [] : new[] { replacement }]);

    [Theory, MemberData(nameof(Providers))]
    public async Task A_second_run_writes_nothing_and_costs_one_query(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var before = await StoredAsync(host);
        host.Queries.Reset();

        var report = await SyncAsync(host);

        Assert.True(report.NothingToDo);
        Assert.Equal(1, host.Queries.Commands);
        Assert.Equal(before, await StoredAsync(host));
        Assert.Contains("shop.discount_product|Can discount product", before);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_permission_deleted_by_hand_is_recreated(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Permissions
            .Where(p => p.Codename == "view_product").ExecuteDeleteAsync());

        var report = await SyncAsync(host);

        Assert.Equal(["shop.view_product"], report.CreatedPermissions);
        Assert.Contains("shop.view_product|Can view product", await StoredAsync(host));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_changed_display_name_renames_the_permission_and_keeps_its_grants(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        await host.GrantAsync(alice, "shop.view_photo");
        var catalogue = host.Services.GetRequiredService<PermissionCatalogue>();
        var photo = catalogue.ContentTypes.Single(c => c.Model == "photo");
        var renamed = photo with { Permissions = [photo.Permissions[0] with { Name = "Can view travel photo" }] };

        var report = await SyncAsync(host, Without(catalogue, "photo", renamed));

        Assert.Equal(["shop.view_photo: 'Can view holiday photo' -> 'Can view travel photo'"], report.RenamedPermissions);
        Assert.Contains("shop.view_photo|Can view travel photo", await StoredAsync(host));
        Assert.True(await host.HasPermissionAsync(await host.PrincipalAsync(alice), "shop.view_photo"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_permission_whose_entity_is_gone_is_kept_and_reported_until_removed_on_request(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        await host.GrantAsync(alice, "billing.view_invoice");
        await host.GrantAsync(alice, "shop.view_product");
        await host.CreateGroupAsync("Accounts", "billing.change_invoice");
        var principal = await host.PrincipalAsync(alice);
        var withoutInvoice = Without(host.Services.GetRequiredService<PermissionCatalogue>(), "invoice");

        var report = await SyncAsync(host, withoutInvoice);
        Assert.Contains(new StalePermission("billing.view_invoice", 1, 0), report.StalePermissions);
        Assert.Contains(new StalePermission("billing.change_invoice", 0, 1), report.StalePermissions);
        Assert.Empty(report.RemovedPermissions);
        Assert.True(await host.HasPermissionAsync(principal, "billing.view_invoice"));

        var dryRun = await SyncAsync(host, withoutInvoice, removeStale: true, dryRun: true);
        Assert.Equal(4, dryRun.RemovedPermissions.Count);
        Assert.Contains("billing.view_invoice|Can view invoice", await StoredAsync(host));

        await SyncAsync(host, withoutInvoice, removeStale: true);
        Assert.DoesNotContain(await StoredAsync(host), p => p.StartsWith("billing.", StringComparison.Ordinal));
        Assert.False(await host.HasPermissionAsync(principal, "billing.view_invoice"));
        Assert.True(await host.HasPermissionAsync(principal, "shop.view_product"));
        Assert.Equal(0, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().ContentTypes.CountAsync(c => c.AppLabel == "billing")));
        var removals = await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().AuditEntries
            .Where(e => e.ObjectType == "auth.permission" && e.Action == AuditAction.Deleted).Select(e => e.ObjectRepr).ToListAsync());
        Assert.Equal(["billing.add_invoice", "billing.change_invoice", "billing.delete_invoice", "billing.view_invoice"], removals.Order(StringComparer.Ordinal));
    }
}
