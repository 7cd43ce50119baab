using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Benchmarks.Shop;

/// <summary>
/// A realistic shape of grants: five groups, the measured user in three of them (36 grants) plus ten direct grants,
/// and fifty other users sharing the groups, so the one UNION ALL query filters real rows.
/// </summary>
internal static class ShopData
{
    public const string CheckedPermission = "shop.view_product";

    /// <summary>Seeds the grants and returns the measured user's id.</summary>
    public static async Task<int> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var groups = scope.ServiceProvider.GetRequiredService<GroupAdministration>();
        var shop = scope.ServiceProvider.GetRequiredService<PermissionCatalogue>().Permissions
            .Where(p => p.AppLabel == "shop").Select(p => p.FullName).Order(StringComparer.Ordinal).ToArray();
        string[] Verb(string verb) => shop.Where(name => name.StartsWith($"shop.{verb}_", StringComparison.Ordinal)).ToArray();

        var viewers = await groups.CreateAsync("Viewers", Verb("view"));
        var authors = await groups.CreateAsync("Authors", Verb("add"));
        var editors = await groups.CreateAsync("Editors", Verb("change"));
        var moderators = await groups.CreateAsync("Moderators", Verb("delete"));
        await groups.CreateAsync("Managers", [.. Verb("view"), "shop.discount_product", "shop.refund_order"]);

        var user = await users.CreateAsync("measured", "measured@example.com", password: null);
        foreach (var group in new[] { viewers, authors, moderators }) await groups.AddMemberAsync(group, user);
        foreach (var permission in Verb("change").Take(10)) await users.GrantAsync(user, permission);

        var others = new List<int>();
        for (var i = 0; i < 50; i++) others.Add((await users.CreateAsync($"other{i}", null, password: null)).Id);
        await groups.AddMembersAsync(viewers.Id, others);
        await groups.AddMembersAsync(editors.Id, others.Where((_, i) => i % 2 == 0).ToArray());
        return user.Id;
    }
}
