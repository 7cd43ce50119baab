using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Groups;

public class GroupsAsCodeTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private static readonly Dictionary<string, string?> Editors = new()
    {
        ["PermissionsAdmin:Groups:Editors:0"] = "shop.change_product",
        ["PermissionsAdmin:Groups:Editors:1"] = "shop.view_product",
    };

    private static Task<IReadOnlyList<string>> ApplyAsync(ShopHost host) =>
        host.InScopeAsync(s => s.GetRequiredService<GroupsAsCode>().ApplyAsync());

    private static Task<List<string>> GroupPermissionsAsync(ShopHost host, string group) =>
        host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().GroupPermissions
            .Where(g => g.Group.Name == group)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).OrderBy(n => n).ToListAsync());

    [Theory, MemberData(nameof(Providers))]
    public async Task Missing_groups_are_created_and_a_second_run_changes_nothing(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind, Editors);

        Assert.Equal(["created group Editors with 2 permission(s)"], await ApplyAsync(host));
        Assert.Equal(["shop.change_product", "shop.view_product"], await GroupPermissionsAsync(host, "Editors"));
        Assert.Empty(await ApplyAsync(host));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Listed_permissions_are_added_and_nothing_is_ever_removed(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind, Editors);
        await host.CreateGroupAsync("Editors", "shop.delete_product");

        Assert.Equal(["bound the existing group Editors to PermissionsAdmin:Groups:Editors",
            "granted shop.change_product, shop.view_product to group Editors"], await ApplyAsync(host));
        Assert.Equal(["shop.change_product", "shop.delete_product", "shop.view_product"], await GroupPermissionsAsync(host, "Editors"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_unknown_permission_stops_startup_naming_group_and_permission_and_creates_nothing(DatabaseKind kind)
    {
        await using var host = await ShopHost.CreateAsync(kind, new()
        {
            ["PermissionsAdmin:Groups:Aardvarks:0"] = "shop.view_product",
            ["PermissionsAdmin:Groups:Editors:0"] = "shop.chnge_product",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ApplyAsync(host));

        Assert.Contains("Editors", error.Message);
        Assert.Contains("'shop.chnge_product'", error.Message);
        Assert.Equal(0, await host.InScopeAsync(s => s.GetRequiredService<ShopDbContext>().Roles.CountAsync()));
    }
}
