using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Groups;
using PermissionsAdmin.TagHelpers;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests.Enforcement;

/// <summary>The perms tag helper and <c>Perms</c> as a view renders them, for allowed and denied users.</summary>
public class ViewPermissionsTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    private const string Link = "<a href=\"/products/new\">New product</a>";

    /// <summary>
    /// clerk: shop.add_product through the Clerks group and shop.delete_product directly; visitor: signed in, nothing;
    /// retired: the clerk's grants but inactive; root: an active superuser; anonymous.
    /// </summary>
    private static async Task<Dictionary<string, ClaimsPrincipal>> CreateUsersAsync(EnforcementHost host)
    {
        var clerk = await host.CreateUserAsync("clerk", "shop.delete_product");
        var retired = await host.CreateUserAsync("retired", "shop.delete_product");
        var visitor = await host.CreateUserAsync("visitor");
        var root = await host.CreateSuperuserAsync("root");
        await host.InScopeAsync(async services =>
        {
            var groups = services.GetRequiredService<GroupAdministration>();
            var clerks = await groups.CreateAsync("Clerks", ["shop.add_product"]);
            await groups.AddMemberAsync(clerks, clerk);
            await groups.AddMemberAsync(clerks, retired);
        });
        await host.InScopeAsync(services => services.GetRequiredService<UserAdministration>().SetActiveAsync(retired, false));
        return new Dictionary<string, ClaimsPrincipal>
        {
            ["clerk"] = await host.PrincipalAsync(clerk),
            ["visitor"] = await host.PrincipalAsync(visitor),
            ["retired"] = await host.PrincipalAsync(await host.FindUserAsync("retired")),
            ["root"] = await host.PrincipalAsync(root),
            ["anonymous"] = new ClaimsPrincipal(new ClaimsIdentity()),
        };
    }

    /// <summary>Renders <c>&lt;a href="/products/new" {attribute}="{value}"&gt;New product&lt;/a&gt;</c> through the tag helper.</summary>
    private static async Task<string> RenderAsync(IServiceProvider services, string attribute, string value)
    {
        var helper = ActivatorUtilities.CreateInstance<PermsTagHelper>(services);
        switch (attribute)
        {
            case "perms": helper.All = value; break;
            case "perms-any": helper.Any = value; break;
            case "perms-else": helper.Else = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(attribute), attribute, null);
        }
        var context = new TagHelperContext(
            "a",
            new TagHelperAttributeList { { "href", "/products/new" }, { attribute, value } },
            new Dictionary<object, object>(),
            Guid.NewGuid().ToString("N"));
        var output = new TagHelperOutput(
            "a",
            new TagHelperAttributeList { { "href", "/products/new" } },
            (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));
        output.Content.SetContent("New product");
        helper.Init(context);
        await helper.ProcessAsync(context, output);
        using var writer = new StringWriter();
        output.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_perms_tag_helper_keeps_an_element_for_allowed_users_and_removes_it_for_the_others(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var users = await CreateUsersAsync(host);
        (string Attribute, string Value)[] forms =
        [
            ("perms", "shop.add_product"),
            ("perms", "shop.add_product, shop.delete_product"),
            ("perms", "shop.add_product,shop.change_product"),
            ("perms-any", "shop.change_product, shop.delete_product"),
            ("perms-any", "shop.change_product, billing.view_invoice"),
            ("perms-else", "shop.add_product"),
        ];

        var actual = new List<string>();
        foreach (var (name, principal) in users)
        {
            await host.InRequestAsync(principal, async services =>
            {
                var perms = services.GetRequiredService<ViewPermissions>();
                foreach (var (attribute, value) in forms)
                {
                    var html = await RenderAsync(services, attribute, value);
                    actual.Add($"{name} {attribute}=\"{value}\": {(html == Link ? "kept" : html.Length == 0 ? "removed" : html)}");
                }
            });
        }

        Assert.Equal(
        [
            "clerk perms=\"shop.add_product\": kept",
            "clerk perms=\"shop.add_product, shop.delete_product\": kept",
            "clerk perms=\"shop.add_product,shop.change_product\": removed",
            "clerk perms-any=\"shop.change_product, shop.delete_product\": kept",
            "clerk perms-any=\"shop.change_product, billing.view_invoice\": removed",
            "clerk perms-else=\"shop.add_product\": removed",
            "visitor perms=\"shop.add_product\": removed",
            "visitor perms=\"shop.add_product, shop.delete_product\": removed",
            "visitor perms=\"shop.add_product,shop.change_product\": removed",
            "visitor perms-any=\"shop.change_product, shop.delete_product\": removed",
            "visitor perms-any=\"shop.change_product, billing.view_invoice\": removed",
            "visitor perms-else=\"shop.add_product\": kept",
            "retired perms=\"shop.add_product\": removed",
            "retired perms=\"shop.add_product, shop.delete_product\": removed",
            "retired perms=\"shop.add_product,shop.change_product\": removed",
            "retired perms-any=\"shop.change_product, shop.delete_product\": removed",
            "retired perms-any=\"shop.change_product, billing.view_invoice\": removed",
            "retired perms-else=\"shop.add_product\": kept",
            "root perms=\"shop.add_product\": kept",
            "root perms=\"shop.add_product, shop.delete_product\": kept",
            "root perms=\"shop.add_product,shop.change_product\": kept",
            "root perms-any=\"shop.change_product, shop.delete_product\": kept",
            "root perms-any=\"shop.change_product, billing.view_invoice\": kept",
            "root perms-else=\"shop.add_product\": removed",
            "anonymous perms=\"shop.add_product\": removed",
            "anonymous perms=\"shop.add_product, shop.delete_product\": removed",
            "anonymous perms=\"shop.add_product,shop.change_product\": removed",
            "anonymous perms-any=\"shop.change_product, shop.delete_product\": removed",
            "anonymous perms-any=\"shop.change_product, billing.view_invoice\": removed",
            "anonymous perms-else=\"shop.add_product\": kept",
        ], actual);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Perms_answers_per_permission_and_per_app(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var users = await CreateUsersAsync(host);

        var actual = new List<string>();
        foreach (var (name, principal) in users)
        {
            await host.InRequestAsync(principal, services =>
            {
                var perms = services.GetRequiredService<ViewPermissions>();
                actual.Add($"{name}: add {perms["shop.add_product"]}, delete {perms["shop.delete_product"]}, " +
                    $"change {perms["shop.change_product"]}, app shop {perms.App("shop")}, app billing {perms.App("billing")}");
                return Task.CompletedTask;
            });
        }

        Assert.Equal(
        [
            "clerk: add True, delete True, change False, app shop True, app billing False",
            "visitor: add False, delete False, change False, app shop False, app billing False",
            "retired: add False, delete False, change False, app shop False, app billing False",
            "root: add True, delete True, change True, app shop True, app billing True",
            "anonymous: add False, delete False, change False, app shop False, app billing False",
        ], actual);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Twenty_checks_after_the_first_cost_no_query(DatabaseKind kind)
    {
        await using var host = await EnforcementHost.StartAsync(kind);
        var clerk = await host.CreateUserAsync("clerk", "shop.add_product", "shop.delete_product");
        var principal = await host.PrincipalAsync(clerk);

        async Task<List<bool>> TwentyChecksAsync(IServiceProvider services)
        {
            var perms = services.GetRequiredService<ViewPermissions>();
            var answers = new List<bool>();
            for (var i = 0; i < 4; i++)
            {
                answers.Add(perms["shop.add_product"]);
                answers.Add(perms["shop.change_product"]);
                answers.Add(perms.App("shop"));
                answers.Add(await RenderAsync(services, "perms-any", "shop.change_product, shop.delete_product") == Link);
                answers.Add(await RenderAsync(services, "perms-else", "shop.add_product") == Link);
            }
            return answers;
        }
        var expected = Enumerable.Range(0, 4).SelectMany(_ => new[] { true, false, true, true, false }).ToList();

        // A page: the first check loads the user's permissions (one query), the next twenty cost nothing.
        await host.InRequestAsync(principal, async services =>
        {
            var perms = services.GetRequiredService<ViewPermissions>();
            host.Queries.Reset();
            Assert.True(perms["shop.delete_product"]);
            Assert.Equal(1, host.Queries.Commands);

            host.Queries.Reset();
            Assert.Equal(expected, await TwentyChecksAsync(services));
            Assert.Equal(0, host.Queries.Commands);
        });

        // The next page of the same user: warm from its first check on.
        host.Queries.Reset();
        await host.InRequestAsync(principal, async services =>
        {
            var perms = services.GetRequiredService<ViewPermissions>();
            Assert.True(perms["shop.delete_product"]);
            Assert.Equal(expected, await TwentyChecksAsync(services));
        });
        Assert.Equal(0, host.Queries.Commands);
    }
}
