using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.ObjectPermissions;

/// <summary>Grants on single rows, with one rule in every path (single check, objects-for-user, authorization).</summary>
public class ObjectPermissionTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private sealed record World(ShopHost Host, List<Product> Products, PermissionsUser Alice, PermissionsGroup Editors) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    /// <summary>Ten products; alice may change product 0 directly and product 1 through the Editors group.</summary>
    private static async Task<World> ArrangeAsync(DatabaseKind kind, Dictionary<string, string?>? settings = null)
    {
        var host = await ShopHost.CreateAsync(kind, settings);
        var products = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ShopDbContext>();
            var list = Enumerable.Range(0, 10).Select(i => new Product { Title = $"Product {i:00}" }).ToList();
            db.AddRange(list);
            await db.SaveChangesAsync();
            return list;
        });
        var alice = await host.CreateUserAsync("alice");
        var editors = await host.CreateGroupAsync("Editors");
        await host.AddMemberAsync(editors, alice);
        await host.InScopeAsync(async s =>
        {
            var grants = s.GetRequiredService<ObjectPermissionAdministration>();
            await grants.AssignAsync("shop.change_product", alice, products[0]);
            await grants.AssignAsync("shop.change_product", editors, products[1]);
            await grants.AssignAsync("shop.delete_product", alice, products[1]);
        });
        return new World(host, products, alice, editors);
    }

    private static Task<bool> HasAsync(ShopHost host, ClaimsPrincipal user, string permission, Product product) =>
        host.InScopeAsync(s => s.GetRequiredService<IObjectPermissionChecker>().HasPermissionAsync(user, permission, product));

    private static Task<List<string>> ObjectsAsync(ShopHost host, ClaimsPrincipal user, string[] permissions, bool any = false, bool groups = true) =>
        host.InScopeAsync(async s =>
        {
            var query = await s.GetRequiredService<IObjectPermissionChecker>().ObjectsForUserAsync(
                s.GetRequiredService<ShopDbContext>().Set<Product>(), user, permissions, any, groups);
            return await query.OrderBy(p => p.Title).Select(p => p.Title).ToListAsync();
        });

    [Theory, MemberData(nameof(Providers))]
    public async Task Direct_and_group_grants_hold_on_their_object_only(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var (host, products) = (world.Host, world.Products);
        var alice = await host.PrincipalAsync(world.Alice);

        Assert.True(await HasAsync(host, alice, "shop.change_product", products[0]));
        Assert.True(await HasAsync(host, alice, "shop.change_product", products[1]));
        Assert.False(await HasAsync(host, alice, "shop.change_product", products[2]));
        Assert.Equal(["shop.change_product", "shop.delete_product"], (await host.InScopeAsync(s =>
            s.GetRequiredService<IObjectPermissionChecker>().GetPermissionsAsync(alice, products[1]))).Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Objects_for_user_honours_all_any_and_groups_in_one_statement(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var host = world.Host;
        var alice = await host.PrincipalAsync(world.Alice);

        Assert.Equal(["Product 00", "Product 01"], await ObjectsAsync(host, alice, ["shop.change_product"]));
        Assert.Equal(["Product 00"], await ObjectsAsync(host, alice, ["shop.change_product"], groups: false));
        Assert.Equal(["Product 01"], await ObjectsAsync(host, alice, ["shop.change_product", "shop.delete_product"]));
        Assert.Equal(["Product 00", "Product 01"], await ObjectsAsync(host, alice, ["shop.change_product", "shop.delete_product"], any: true));

        host.Queries.Reset();
        var page = await host.InScopeAsync(async s =>
        {
            var query = await s.GetRequiredService<IObjectPermissionChecker>().ObjectsForUserAsync(
                s.GetRequiredService<ShopDbContext>().Set<Product>().Where(p => p.Title != "Product 00"), alice, ["shop.change_product"]);
            return await query.OrderByDescending(p => p.Title).Skip(0).Take(5).Select(p => p.Title).ToListAsync();
        });
        Assert.Equal(["Product 01"], page);
        Assert.Equal(1, host.Queries.Commands);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_model_level_grant_covers_every_object_unless_switched_off(DatabaseKind kind)
    {
        await using (var world = await ArrangeAsync(kind))
        {
            await world.Host.GrantAsync(world.Alice, "shop.view_product");
            var alice = await world.Host.PrincipalAsync(world.Alice);
            Assert.True(await HasAsync(world.Host, alice, "shop.view_product", world.Products[7]));
            Assert.Equal(10, (await ObjectsAsync(world.Host, alice, ["shop.view_product"])).Count);
        }
        await using (var world = await ArrangeAsync(kind, new() { ["PermissionsAdmin:ModelPermissionsCoverObjects"] = "false" }))
        {
            await world.Host.GrantAsync(world.Alice, "shop.view_product");
            await world.Host.GrantAsync(world.Alice, "shop.change_product");
            var alice = await world.Host.PrincipalAsync(world.Alice);
            Assert.False(await HasAsync(world.Host, alice, "shop.view_product", world.Products[7]));
            Assert.Empty(await ObjectsAsync(world.Host, alice, ["shop.view_product"]));
            Assert.Equal(["Product 00", "Product 01"], await ObjectsAsync(world.Host, alice, ["shop.change_product"]));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Inactive_users_hold_nothing_and_active_superusers_everything_in_every_path(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var host = world.Host;
        await host.CreateUserAsync("keeper", isSuperuser: true);
        var root = await host.CreateUserAsync("root", isSuperuser: true);
        await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(world.Alice, false));
        await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(root, false));

        foreach (var inactive in new[] { await host.PrincipalAsync(world.Alice), await host.PrincipalAsync(root) })
        {
            Assert.False(await HasAsync(host, inactive, "shop.change_product", world.Products[0]));
            Assert.Empty(await ObjectsAsync(host, inactive, ["shop.change_product"]));
        }
        var keeper = await host.PrincipalAsync(await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().FindAsync("keeper")));
        Assert.True(await HasAsync(host, keeper, "shop.delete_product", world.Products[9]));
        Assert.Equal(10, (await ObjectsAsync(host, keeper, ["shop.delete_product"])).Count);
        Assert.False(await HasAsync(host, new ClaimsPrincipal(new ClaimsIdentity()), "shop.change_product", world.Products[0]));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Deleting_an_object_deletes_its_grants_so_a_reused_key_inherits_nothing(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var host = world.Host;
        var id = world.Products[0].Id;
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ShopDbContext>();
            db.Remove(await db.Set<Product>().SingleAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        });
        Assert.Equal(0, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().UserObjectPermissions.CountAsync(g => g.ObjectId == id)));

        var reused = await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ShopDbContext>();
            var product = new Product { Id = id, Title = "Reused key" };
            db.Add(product);
            await db.SaveChangesAsync();
            return product;
        });
        Assert.False(await HasAsync(host, await host.PrincipalAsync(world.Alice), "shop.change_product", reused));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_grant_to_anyone_lets_visitors_and_every_active_user_view_that_object_only_while_switched_on(DatabaseKind kind)
    {
        var visitor = new ClaimsPrincipal(new ClaimsIdentity());
        await using (var world = await ArrangeAsync(kind))
        {
            var (host, products) = (world.Host, world.Products);
            await host.InScopeAsync(s => s.GetRequiredService<ObjectPermissionAdministration>().AssignToAnyoneAsync("shop.view_product", products[3]));
            var alice = await host.PrincipalAsync(world.Alice);

            Assert.True(await HasAsync(host, visitor, "shop.view_product", products[3]));
            Assert.False(await HasAsync(host, visitor, "shop.view_product", products[4]));
            Assert.False(await HasAsync(host, visitor, "shop.change_product", products[3]));
            Assert.Equal(["shop.view_product"], await host.InScopeAsync(s => s.GetRequiredService<IObjectPermissionChecker>().GetPermissionsAsync(visitor, products[3])));
            Assert.Equal(["Product 03"], await ObjectsAsync(host, visitor, ["shop.view_product"]));
            Assert.Empty(await ObjectsAsync(host, visitor, ["shop.change_product"]));
            // Anyone includes the signed-in: alice holds no view permission of her own.
            Assert.True(await HasAsync(host, alice, "shop.view_product", products[3]));
            Assert.Equal(["Product 03"], await ObjectsAsync(host, alice, ["shop.view_product"]));
            Assert.Equal(["Product 00", "Product 01", "Product 03"], await ObjectsAsync(host, alice, ["shop.view_product", "shop.change_product"], any: true));
            // A list's per-row checks see it too.
            Assert.True(await host.InScopeAsync(async s =>
            {
                var checker = s.GetRequiredService<IObjectPermissionChecker>();
                await checker.PrefetchAsync(visitor, products);
                return await checker.HasPermissionAsync(visitor, "shop.view_product", products[3]);
            }));
            // Visitors still hold no model-level permission, and an inactive user holds nothing.
            Assert.False(await host.InScopeAsync(s => s.GetRequiredService<Authorization.IPermissionChecker>().HasPermissionAsync(visitor, "shop.view_product")));
            await host.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(world.Alice, false));
            Assert.False(await HasAsync(host, await host.PrincipalAsync(world.Alice), "shop.view_product", products[3]));

            // Deleting the object deletes the grant: a new object under the same key is not public.
            var id = products[3].Id;
            await host.InScopeAsync(async s =>
            {
                var db = s.GetRequiredService<ShopDbContext>();
                db.Remove(await db.Set<Product>().SingleAsync(p => p.Id == id));
                await db.SaveChangesAsync();
                db.Add(new Product { Id = id, Title = "Reused key" });
                await db.SaveChangesAsync();
            });
            Assert.Equal(0, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().AnyoneObjectPermissions.CountAsync()));
            Assert.Empty(await ObjectsAsync(host, visitor, ["shop.view_product"]));
        }
        await using (var world = await ArrangeAsync(kind, new() { ["PermissionsAdmin:AnyoneObjectGrants"] = "false" }))
        {
            var (host, products) = (world.Host, world.Products);
            // A grant stored while they were switched on.
            await host.InScopeAsync(async s =>
            {
                var db = s.GetRequiredService<ShopDbContext>();
                var view = await db.Permissions.SingleAsync(p => p.Codename == "view_product");
                db.AnyoneObjectPermissions.Add(new AnyoneObjectPermission { PermissionId = view.Id, ContentTypeId = view.ContentTypeId, ObjectId = products[3].Id });
                await db.SaveChangesAsync();
            });
            var alice = await host.PrincipalAsync(world.Alice);
            Assert.False(await HasAsync(host, visitor, "shop.view_product", products[3]));
            Assert.Empty(await ObjectsAsync(host, visitor, ["shop.view_product"]));
            Assert.False(await HasAsync(host, alice, "shop.view_product", products[3]));
            Assert.Empty(await ObjectsAsync(host, alice, ["shop.view_product"]));
            var refused = await Assert.ThrowsAsync<AdministrationException>(() => host.InScopeAsync(s =>
                s.GetRequiredService<ObjectPermissionAdministration>().AssignToAnyoneAsync("shop.view_product", products[4])));
            Assert.Equal("Grants to anyone are switched off on this site (PermissionsAdmin:AnyoneObjectGrants).", refused.Message);

            // The stored grant was kept: switched on again, it holds again.
            host.Services.GetRequiredService<IOptions<PermissionsAdminOptions>>().Value.AnyoneObjectGrants = true;
            Assert.True(await HasAsync(host, visitor, "shop.view_product", products[3]));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_the_view_permission_can_be_granted_to_anyone(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var refused = await Assert.ThrowsAsync<AdministrationException>(() => world.Host.InScopeAsync(s =>
            s.GetRequiredService<ObjectPermissionAdministration>().AssignToAnyoneAsync("shop.change_product", world.Products[2])));
        Assert.Equal("Only shop.view_product can be granted to anyone, not shop.change_product.", refused.Message);
        Assert.Equal(0, await world.Host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().AnyoneObjectPermissions.CountAsync()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_permission_of_another_type_is_a_clear_error(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var error = await Assert.ThrowsAsync<AdministrationException>(() => world.Host.InScopeAsync(s =>
            s.GetRequiredService<ObjectPermissionAdministration>().AssignAsync("billing.view_invoice", world.Alice, world.Products[2])));
        Assert.Equal("Permission 'billing.view_invoice' belongs to billing.invoice, not to shop.product.", error.Message);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_twenty_row_list_resolves_its_per_row_checks_in_one_query(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var host = world.Host;
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ShopDbContext>();
            db.AddRange(Enumerable.Range(10, 10).Select(i => new Product { Title = $"Product {i:00}" }));
            await db.SaveChangesAsync();
        });
        var alice = await host.PrincipalAsync(world.Alice);
        await host.HasPermissionAsync(alice, "shop.view_product"); // the user's model-level grants are cached

        var answers = await host.InScopeAsync(async s =>
        {
            var rows = await s.GetRequiredService<ShopDbContext>().Set<Product>().OrderBy(p => p.Title).Take(20).ToListAsync();
            var checker = s.GetRequiredService<IObjectPermissionChecker>();
            host.Queries.Reset();
            await checker.PrefetchAsync(alice, rows);
            var result = new List<bool>();
            foreach (var row in rows) result.Add(await checker.HasPermissionAsync(alice, "shop.change_product", row));
            return result;
        });

        Assert.Equal(1, host.Queries.Commands);
        Assert.Equal(20, answers.Count);
        Assert.Equal([true, true], answers.Take(2));
        Assert.All(answers.Skip(2), Assert.False);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Who_holds_grants_on_an_object_and_resource_based_authorization(DatabaseKind kind)
    {
        await using var world = await ArrangeAsync(kind);
        var host = world.Host;

        var users = await host.InScopeAsync(s => s.GetRequiredService<IObjectPermissionChecker>().UsersWithGrantsAsync(world.Products[1]));
        var groups = await host.InScopeAsync(s => s.GetRequiredService<IObjectPermissionChecker>().GroupsWithGrantsAsync(world.Products[1]));
        Assert.Equal([new ObjectGrantHolder(world.Alice.Id, "alice", ["shop.delete_product"])], users, HolderComparer.Instance);
        Assert.Equal([new ObjectGrantHolder(world.Editors.Id, "Editors", ["shop.change_product"])], groups, HolderComparer.Instance);

        var alice = await host.PrincipalAsync(world.Alice);
        var results = await host.InScopeAsync(async s =>
        {
            var authorization = s.GetRequiredService<IAuthorizationService>();
            return new[]
            {
                (await authorization.AuthorizeAsync(alice, world.Products[0], "shop.change_product")).Succeeded,
                (await authorization.AuthorizeAsync(alice, world.Products[3], "shop.change_product")).Succeeded,
            };
        });
        Assert.Equal([true, false], results);
    }

    private sealed class HolderComparer : IEqualityComparer<ObjectGrantHolder>
    {
        public static readonly HolderComparer Instance = new();

        public bool Equals(ObjectGrantHolder? x, ObjectGrantHolder? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Name == y.Name && x.Permissions.SequenceEqual(y.Permissions);

        public int GetHashCode(ObjectGrantHolder obj) => obj.Id;
    }
}
