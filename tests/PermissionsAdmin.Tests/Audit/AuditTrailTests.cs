using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Audit;

/// <summary>Every change through the services leaves an entry: who, when, what object, what changed.</summary>
public class AuditTrailTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static Task<List<AuditEntry>> EntriesAsync(ShopHost host, string objectType, int objectId) =>
        host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == objectType && e.ObjectId == objectId.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Id).ToListAsync());

    [Theory, MemberData(nameof(Providers))]
    public async Task Grants_flags_and_memberships_are_recorded_with_the_actor_and_what_changed(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var root = await host.CreateUserAsync("root", isSuperuser: true);
        var alice = await host.CreateUserAsync("alice");
        var editors = await host.CreateGroupAsync("Editors", "shop.change_product");
        var principal = await host.PrincipalAsync(root);

        await host.InScopeAsync(async s =>
        {
            using var acting = s.GetRequiredService<ActorAccessor>().ActAs(new Actor(root.Id, "root", "admin", principal));
            var users = s.GetRequiredService<UserAdministration>();
            await users.GrantAsync(alice, "shop.view_product");
            await users.UpdateAsync(alice.Id, null, new UserEdit { IsStaff = true, FirstName = "Alice" });
            await s.GetRequiredService<GroupAdministration>().AddMemberAsync(editors, alice);
        });

        var entries = await EntriesAsync(host, UserAdministration.ObjectType, alice.Id);
        Assert.Equal([AuditAction.Added, AuditAction.Changed, AuditAction.Changed, AuditAction.Changed], entries.Select(e => e.Action));
        var grant = AuditChanges.FromJson(entries[1].Changes);
        Assert.Equal(["shop.view_product"], grant.PermissionsAdded);
        Assert.Equal(("root", root.Id, "admin"), (entries[1].ActorName, entries[1].ActorId, entries[1].Channel));
        var flags = AuditChanges.FromJson(entries[2].Changes);
        Assert.Equal(new FieldChange("false", "true"), flags.Fields!["IsStaff"]);
        Assert.Equal(new FieldChange("", "Alice"), flags.Fields["FirstName"]);
        Assert.Equal(["Editors"], AuditChanges.FromJson(entries[3].Changes).GroupsAdded);

        var groupEntries = await EntriesAsync(host, GroupAdministration.ObjectType, editors.Id);
        Assert.Equal(["shop.change_product"], AuditChanges.FromJson(groupEntries[0].Changes).PermissionsAdded);
        Assert.Equal(["alice"], AuditChanges.FromJson(groupEntries[^1].Changes).MembersAdded);
        Assert.Equal("system", groupEntries[0].Channel);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Deleting_a_user_keeps_the_entries_they_made_and_those_about_them(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var root = await host.CreateUserAsync("root", isSuperuser: true);
        var admin = await host.CreateUserAsync("admin", isSuperuser: true);
        var bob = await host.CreateUserAsync("bob");
        var principal = await host.PrincipalAsync(admin);
        await host.InScopeAsync(async s =>
        {
            using var acting = s.GetRequiredService<ActorAccessor>().ActAs(new Actor(admin.Id, "admin", "admin", principal));
            await s.GetRequiredService<UserAdministration>().GrantAsync(bob, "shop.view_product");
        });

        await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().DeleteAsync([bob.Id, admin.Id]));

        var aboutBob = await EntriesAsync(host, UserAdministration.ObjectType, bob.Id);
        Assert.Equal([AuditAction.Added, AuditAction.Changed, AuditAction.Deleted], aboutBob.Select(e => e.Action));
        Assert.Equal("admin", aboutBob[1].ActorName);
        Assert.Equal(admin.Id, aboutBob[1].ActorId);
        Assert.NotNull(root);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_refused_change_writes_nothing(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind);
        var alice = await host.CreateUserAsync("alice");
        var before = await EntriesAsync(host, UserAdministration.ObjectType, alice.Id);

        await Assert.ThrowsAsync<AdministrationException>(() => host.GrantAsync(alice, "shop.fly_product"));
        await Assert.ThrowsAsync<AdministrationException>(() =>
            host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().UpdateAsync(alice.Id, null, new UserEdit { GroupIds = [999] })));

        Assert.Equal(before.Count, (await EntriesAsync(host, UserAdministration.ObjectType, alice.Id)).Count);
    }
}
