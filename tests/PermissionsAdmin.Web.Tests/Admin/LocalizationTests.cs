using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Support;
using PermissionsAdmin.Web.Tests.Tokens;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// Issue 18's translations: the admin in English by default and in French when the browser asks for it
/// (Accept-Language) or the user chooses it with the header's selector (a cookie); every string it shows is in the
/// French resource.
/// </summary>
public sealed partial class LocalizationTests
{
    private static readonly string AdminSources = Path.GetFullPath(Path.Combine(TestSite.ContentRoot, "..", "PermissionsAdmin", "Admin"));
    private static readonly string LibrarySources = Path.GetFullPath(Path.Combine(AdminSources, ".."));

    [Fact]
    public async Task A_browser_asking_for_French_gets_the_admin_in_French_and_one_asking_nothing_gets_English()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");

        var english = await browser.GetAsync("/admin/users");
        Assert.Contains("<html lang=\"en\"", english.Html);
        Assert.Contains("Log out", english.Html);
        Assert.Contains("Select user to change", english.Html);

        browser.AcceptLanguage = "fr-CA,fr;q=0.9,en;q=0.5";
        var french = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, french.Status);
        Assert.Contains("<html lang=\"fr\"", french.Html);
        Assert.Contains("Déconnexion", french.Html);
        Assert.Contains("Sélectionnez l’utilisateur à modifier", french.Text);
        Assert.Contains("Rechercher", french.Html);
        Assert.Contains("root", french.Html); // data stays as it is
        Assert.DoesNotContain("Log out", french.Html);

        var posts = await browser.GetAsync("/admin/blog/post"); // a site's own entity: the admin's words, the site's names
        Assert.Contains("Aujourd’hui", posts.Text);
        Assert.Contains("Les 7 derniers jours", posts.Text);
        Assert.Contains(">Oui</a>", posts.Html);
        Assert.DoesNotContain("Past 7 days", posts.Text);

        browser.AcceptLanguage = "de";
        Assert.Contains("<html lang=\"en\"", (await browser.GetAsync("/admin/users")).Html); // unsupported: English
    }

    [Fact]
    public async Task The_selector_remembers_French_in_a_cookie_that_wins_over_Accept_Language()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        browser.AcceptLanguage = "en";
        var home = await browser.GetAsync("/admin");
        Assert.Contains("action=\"/admin/language\"", home.Html);

        var chosen = await browser.PostAsync("/admin/language", home.Token, ("culture", "fr"), ("returnUrl", "/admin/groups?q=x"));
        Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
        Assert.Equal("/admin/groups?q=x", chosen.Location);
        Assert.Equal("c=fr|uic=fr", WebUtility.UrlDecode(browser.CultureCookie));
        var groups = await browser.FollowAsync(chosen);
        Assert.Contains("<html lang=\"fr\"", groups.Html);
        Assert.Contains("Groupes", groups.Html);
        Assert.Contains("Sélectionnez le groupe à modifier", groups.Text);

        var back = await browser.PostAsync("/admin/language", groups.Token, ("culture", "en"), ("returnUrl", "/admin"));
        Assert.Equal("/admin", back.Location);
        Assert.Contains("Site administration", (await browser.FollowAsync(back)).Html);
    }

    [Fact]
    public async Task The_selector_refuses_an_unknown_language_and_a_return_address_off_the_site()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        var token = (await browser.GetAsync("/admin")).Token;

        foreach (var culture in new[] { "de", "fr-FR", "", "en;q=1" })
        {
            var refused = await browser.PostAsync("/admin/language", token, ("culture", culture), ("returnUrl", "/admin"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Null(browser.CultureCookie);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/admin/language", null, ("culture", "fr"))).Status); // no antiforgery token
        Assert.Null(browser.CultureCookie);

        foreach (var returnUrl in new[] { "https://evil.example/", "//evil.example/admin", "/\\evil.example", null })
        {
            var chosen = await browser.PostAsync("/admin/language", token, ("culture", "fr"), ("returnUrl", returnUrl));
            Assert.Equal(HttpStatusCode.Redirect, chosen.Status);
            Assert.Equal("/admin", chosen.Location);
        }
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_selector_too()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        var browser = site.NewBrowser();
        var login = await browser.GetAsync("/admin/login");
        var chosen = await browser.PostAsync("/admin/language", login.Token, ("culture", "fr"), ("returnUrl", "/admin/login"));
        Assert.Equal("/admin/login", chosen.Location);
        var french = await browser.FollowAsync(chosen);
        Assert.Contains("<html lang=\"fr\"", french.Html);
        Assert.Contains("Connexion", french.Html);
    }

    [Fact]
    public void Every_string_the_admin_looks_up_has_a_French_translation_and_none_is_left_over()
    {
        var used = Directory.EnumerateFiles(AdminSources, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cshtml", StringComparison.Ordinal) || path.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(path => LookedUpKey().Matches(File.ReadAllText(path)))
            .SelectMany(m => m.Groups["key"].Success ? [m.Groups["key"].Value] : Constants(m.Groups["constant"].Value))
            .ToHashSet(StringComparer.Ordinal);
        // The form models' validation messages (the admin's, and those it shares with the API) go through the same
        // resource (see AdminSetup).
        used.UnionWith(new[] { AdminSources, Path.Combine(LibrarySources, "Forms") }
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .SelectMany(path => ValidationMessage().Matches(File.ReadAllText(path)).Select(m => m.Groups["key"].Value)));
        var french = XDocument.Load(Path.Combine(AdminSources, "Localization", "AdminStrings.fr.resx")).Root!.Elements("data")
            .ToDictionary(data => (string)data.Attribute("name")!, data => (string)data.Element("value")!, StringComparer.Ordinal);

        Assert.True(used.Count > 300, $"Only {used.Count} strings found: is the scan still right?");
        Assert.Empty(used.Where(key => !french.ContainsKey(key)).Order());
        Assert.Empty(french.Keys.Where(key => !used.Contains(key)).Order());
        Assert.Empty(french.Where(entry => string.IsNullOrWhiteSpace(entry.Value)).Select(entry => entry.Key));
        // A translation keeps the key's placeholders, so formatting never throws or drops a value.
        Assert.Empty(french.Where(entry => !Placeholders(entry.Key).SetEquals(Placeholders(entry.Value))).Select(entry => entry.Key));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_services_refusals_and_the_history_are_in_French_in_the_French_admin(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("deputy", "auth.view_user", "auth.change_user", "blog.view_post");
        var bob = await site.CreateUserAsync("bob");
        var deletePost = await site.PermissionIdAsync("blog.delete_post");
        await TokenCaller.CreateTokenAsync(site, "deputy", "ci");

        var deputy = await site.SignedInAsync("deputy");
        deputy.AcceptLanguage = "fr";
        var path = $"/admin/users/{bob.Id}";
        var bobForm = HtmlForm.Parse((await deputy.GetAsync(path)).Html, path).Single(f => f.Names.Contains("UserName"));
        var grant = await deputy.PostAsync(path, null, bobForm.With("PermissionIds", deletePost.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains("Vous ne pouvez pas accorder blog.delete_post : vous ne la détenez pas vous-même.", grant.Errors);
        var promote = await deputy.PostAsync(path, null, bobForm.With("IsSuperuser", "true"));
        Assert.Contains("Seul un super-utilisateur peut faire d’un utilisateur un super-utilisateur.", promote.Errors);

        var tokens = await deputy.GetAsync("/admin/tokens");
        var duplicate = await deputy.PostAsync("/admin/tokens", tokens.Token, ("Name", "ci"));
        Assert.Contains("Un jeton nommé « ci » existe déjà (les jetons révoqués gardent leur nom) ; choisissez un autre nom.", duplicate.Errors);

        var root = await site.SignedInAsync("root");
        root.AcceptLanguage = "fr";
        var taken = await root.SubmitAsync("/admin/users/add", "/admin/users/add", ("UserName", "bob"), ("Password", AdminSite.Password), ("Password2", AdminSite.Password));
        Assert.Contains("Le nom d’utilisateur « bob » est déjà utilisé.", taken.Errors); // Identity's own errors too
        var nameless = await root.SubmitAsync("/admin/users/add", "/admin/users/add", ("UserName", ""), ("Password", AdminSite.Password), ("Password2", AdminSite.Password));
        Assert.Contains("Saisissez un nom d’utilisateur.", nameless.Errors); // the form models' own messages
        var weak = await root.SubmitAsync("/admin/users/add", "/admin/users/add", ("UserName", "newbie"), ("Password", "abcdefgh"), ("Password2", "abcdefgh"));
        Assert.Contains("Le mot de passe doit contenir au moins un chiffre (de « 0 » à « 9 »).", weak.Errors);
        var rootForm = HtmlForm.Parse((await root.GetAsync(path)).Html, path).Single(f => f.Names.Contains("UserName"));
        Assert.Equal(HttpStatusCode.Redirect, (await root.PostAsync(path, null, rootForm.With("IsStaff", "true"))).Status);
        var history = (await root.GetAsync($"{path}/history")).Text;
        Assert.Contains("Modification du champ « statut équipe » : de faux à vrai", history);
        Assert.DoesNotContain("Changed staff status", history);
    }

    [Fact]
    public async Task The_entity_admins_own_words_are_French_too()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        browser.AcceptLanguage = "fr";
        async Task<Page> Add(params (string, string?)[] fields) => await browser.SubmitAsync("/admin/blog/post/add", "/admin/blog/post/add", fields);

        Assert.Contains("Ce champ est obligatoire.", (await Add(("Title", " "))).Errors);
        Assert.Contains("Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201).", (await Add(("Title", new string('t', 201)))).Errors);
        Assert.Contains("Saisissez un nombre entier.", (await Add(("Title", "T"), ("AuthorId", "abc"))).Errors);
        Assert.Equal(HttpStatusCode.Redirect, (await Add(("Title", "Bonjour"), ("IsPublished", "true"))).Status);

        var list = await browser.GetAsync("/admin/blog/post");
        Assert.Contains("<td class=\"text-break\">Oui</td>", list.Html); // published
        Assert.Contains("<td class=\"text-break\">Non</td>", list.Html); // not featured
    }

    [Fact]
    public async Task The_API_answers_in_English_whatever_language_the_caller_asks_for()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateStaffAsync("deputy", "auth.view_user", "auth.change_user", "blog.view_post");
        var bob = await site.CreateUserAsync("bob");
        var api = await ApiClient.SignedInAsync(site, "deputy");
        api.AcceptLanguage = "fr";

        var refused = await api.PostAsync($"/api/v1/users/{bob.Id}/permissions", new { permission = "blog.delete_post" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You cannot grant blog.delete_post: you do not hold it yourself.", refused.Detail);
    }

    [Fact]
    public void Every_message_of_the_services_has_a_French_translation_and_none_is_left_over()
    {
        var used = Directory.EnumerateFiles(LibrarySources, "*.cs", SearchOption.AllDirectories)
            .SelectMany(path => MessageKey().Matches(File.ReadAllText(path)))
            .Select(m => m.Groups["key"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var french = XDocument.Load(Path.Combine(LibrarySources, "Text", "Messages.fr.resx")).Root!.Elements("data")
            .ToDictionary(data => (string)data.Attribute("name")!, data => (string)data.Element("value")!, StringComparer.Ordinal);

        Assert.True(used.Count > 80, $"Only {used.Count} messages found: is the scan still right?");
        Assert.Empty(used.Where(key => !french.ContainsKey(key)).Order());
        Assert.Empty(french.Keys.Where(key => !used.Contains(key)).Order());
        Assert.Empty(french.Where(entry => string.IsNullOrWhiteSpace(entry.Value)).Select(entry => entry.Key));
        Assert.Empty(french.Where(entry => !Placeholders(entry.Key).SetEquals(Placeholders(entry.Value))).Select(entry => entry.Key));
        // The neutral resource stays empty: English is the keys themselves.
        Assert.Empty(XDocument.Load(Path.Combine(LibrarySources, "Text", "Messages.resx")).Root!.Elements("data"));
    }

    /// <summary>
    /// A key given as a constant (<c>T[StaffOnly]</c>, which tests compare with too): its text, or the texts of every
    /// admin constant of that name.
    /// </summary>
    private static List<string> Constants(string name)
    {
        var texts = typeof(PermissionsAdmin.Admin.AdminController).Assembly.GetTypes()
            .Select(type => type.GetField(name.Split('.')[^1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
            .Select(field => (string)field!.GetRawConstantValue()!)
            .ToList();
        Assert.True(texts.Count > 0, $"T[{name}]: no string constant of that name in the admin.");
        return texts;
    }

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    /// <summary>
    /// <c>T["…"]</c> with a literal key, or <c>T[SomeConstant]</c>, in views and C# alike (the admin's localizer is
    /// always called T, and only ever looked up with a literal or a constant).
    /// </summary>
    [GeneratedRegex("""\bT\[(?:"(?<key>(?:[^"\\]|\\.)*)"|(?<constant>[A-Z][\w.]*))[,\]]""")]
    private static partial Regex LookedUpKey();

    /// <summary>
    /// A service message: <c>Messages.Get("…")</c> or <c>Messages.Format("…", …)</c>, always with a literal key, and a
    /// form field's words in <c>[PlainText("…")]</c>, which the attribute looks up.
    /// </summary>
    [GeneratedRegex("""(?:\bMessages\.(?:Get|Format)|\[PlainText)\("(?<key>(?:[^"\\]|\\.)*)"[,)]""")]
    private static partial Regex MessageKey();

    [GeneratedRegex("""ErrorMessage = "(?<key>[^"]*)"[,)]""")]
    private static partial Regex ValidationMessage();

    [GeneratedRegex(@"\{\d+(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();
}
