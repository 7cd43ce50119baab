using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Catalogue;

public class CatalogueBuilderTests
{
    private static PermissionCatalogue ShopCatalogue()
    {
        var options = new DbContextOptionsBuilder<ShopDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var context = new ShopDbContext(options);
        return CatalogueBuilder.Build(context.Model);
    }

    private static IEnumerable<string> Names(PermissionCatalogue catalogue, string app, string model) =>
        catalogue.ContentTypes.Single(c => c.AppLabel == app && c.Model == model).Permissions.Select(p => $"{p.FullName}|{p.Name}");

    [Fact]
    public void Every_entity_gets_add_change_delete_view_plus_its_extra_permissions()
    {
        Assert.Equal(
            [
                "shop.add_product|Can add product", "shop.change_product|Can change product",
                "shop.delete_product|Can delete product", "shop.view_product|Can view product",
                "shop.discount_product|Can discount product",
            ],
            Names(ShopCatalogue(), "shop", "product"));
    }

    [Fact]
    public void Codename_uses_the_lower_cased_type_name_and_the_label_splits_it_into_words()
    {
        Assert.Contains("shop.add_featuredproduct|Can add featured product", Names(ShopCatalogue(), "shop", "featuredproduct"));
    }

    [Fact]
    public void A_declared_display_name_names_the_permission_and_defaults_can_be_trimmed()
    {
        Assert.Equal(["shop.view_photo|Can view holiday photo"], Names(ShopCatalogue(), "shop", "photo"));
    }

    [Fact]
    public void Defaults_can_be_turned_off_entirely()
    {
        Assert.Empty(Names(ShopCatalogue(), "shop", "setting"));
    }

    [Fact]
    public void App_label_comes_from_the_attribute_else_the_last_namespace_segment()
    {
        var catalogue = ShopCatalogue();
        Assert.True(catalogue.Contains("billing.view_invoice"));
        Assert.True(catalogue.Contains("shop.view_product"));
    }

    [Fact]
    public void Identity_users_groups_and_permissions_are_under_auth()
    {
        var catalogue = ShopCatalogue();
        Assert.Equal("Can change user", catalogue.Find("auth.change_user")?.Name);
        Assert.Equal("Can add group", catalogue.Find("auth.add_group")?.Name);
        Assert.True(catalogue.Contains("auth.view_permission"));
    }

    [Fact]
    public void Join_claim_token_owned_and_keyless_entities_get_no_content_type()
    {
        var models = ShopCatalogue().ContentTypes.Select(c => $"{c.AppLabel}.{c.Model}").ToList();
        Assert.Subset(models.ToHashSet(), new HashSet<string>
            {"admin.auditentry", "auth.group", "auth.permission", "auth.user", "billing.invoice", "contenttypes.contenttype",
             "shop.featuredproduct", "shop.photo", "shop.product", "shop.setting"});
        Assert.DoesNotContain(models, m => m.EndsWith(".productphoto", StringComparison.Ordinal)
            || m.EndsWith(".salesreportrow", StringComparison.Ordinal) || m.EndsWith(".address", StringComparison.Ordinal));
        Assert.DoesNotContain(models, m => m.Contains("claim") || m.Contains("token") || m.Contains("login") || m.Contains("userrole"));
    }

    [PermissionApp("shop")]
    [ExtraPermission("tag_clash", "Can tag")]
    [ExtraPermission("tag_clash", "Can tag again")]
    private sealed class Clash;

    [ExtraPermission("add_withdefault", "Can add again")]
    private sealed class WithDefault;

    private sealed class LongName;

    [Fact]
    public void A_codename_declared_twice_stops_startup_naming_the_entity()
    {
        var error = Assert.Throws<PermissionDefinitionException>(() => CatalogueBuilder.Describe(typeof(Clash)));
        Assert.Contains(typeof(Clash).FullName!, error.Message);
        Assert.Contains("'tag_clash' is declared more than once", error.Message);
    }

    [Fact]
    public void A_custom_codename_clashing_with_a_default_stops_startup()
    {
        var error = Assert.Throws<PermissionDefinitionException>(() => CatalogueBuilder.Describe(typeof(WithDefault)));
        Assert.Contains("clashes with a default permission", error.Message);
        Assert.Contains(nameof(WithDefault), error.Message);
    }

    [Theory]
    [InlineData(101, 10, "longer than 100")]
    [InlineData(10, 256, "1 to 255 characters")]
    public void Over_long_codenames_and_names_stop_startup(int codenameLength, int nameLength, string expected)
    {
        var type = typeof(LongName);
        var codename = new string('x', codenameLength);
        var name = new string('N', nameLength);
        var error = Assert.Throws<PermissionDefinitionException>(() => CatalogueBuilder.Validate(type, [new("shop", "longname", codename, name)]));
        Assert.Contains(expected, error.Message);
        Assert.Contains(nameof(LongName), error.Message);
    }
}
