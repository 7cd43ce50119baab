using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// The admin in a real browser (issue 4): a superuser builds a group with the two-pane chooser and the site then
/// follows exactly those permissions; a delegated admin cannot grant beyond what they hold.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private const string DraftTitle = "A draft waiting for an editor";

    protected override async Task ArrangeAsync()
    {
        await Site.CreateStaffAsync("admin", superuser: true);
        var creator = await Site.CreateUserAsync("creator", "Creators");
        await Site.CreateUserAsync("subscriber", "Subscribers");
        await Site.CreateUserAsync("editor", "Editors");
        await Site.AddPostAsync(DraftTitle, "Creators write posts; only editors publish, feature or retitle them.", creator,
            createdAt: new DateTime(2026, 1, 16, 14, 5, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_superuser_builds_a_reviewers_group_and_its_member_gets_exactly_those_permissions()
    {
        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        await Expect(admin).ToHaveURLAsync(Site.BaseUrl + "/admin");
        await AssertStylesLoadedAsync(admin, "/_content/PermissionsAdmin/lib/bootstrap/css/bootstrap.min.css");
        await ScreenshotAsync(admin, "admin-dashboard");

        // The group, with two permissions picked in the chooser: once with the mouse, once from the keyboard.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Groups", Exact = true }).First.ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "+ Add group" }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(Site.BaseUrl + "/admin/groups/add");
        await admin.Locator("#id_Name").FillAsync("Reviewers");
        var permissions = new Chooser(admin, "id_PermissionIds");
        await permissions.FilterAsync("view post");
        await permissions.ChooseAsync("blog | post | Can view post");
        await permissions.FilterAsync("blog.publish_post");
        await Expect(permissions.Available.Locator("option")).ToHaveCountAsync(1);
        await permissions.FilterBox.PressAsync("Enter"); // the only match is chosen; the form is not submitted
        await Expect(admin).ToHaveURLAsync(Site.BaseUrl + "/admin/groups/add");
        await Expect(permissions.Chosen.Locator("option")).ToHaveTextAsync(["blog | post | Can publish post", "blog | post | Can view post"]);
        await permissions.FilterAsync("");
        await ScreenshotAsync(admin, "admin-group-edit");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(Site.BaseUrl + "/admin/groups");
        await Expect(admin.Locator("[data-success]")).ToHaveTextAsync("The group “Reviewers” was added.");
        Assert.Equal(["blog.publish_post", "blog.view_post"], await Site.GroupPermissionsOfAsync("Reviewers"));

        // The user, with a password, then into Reviewers on the edit page's group chooser.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).First.ClickAsync();
        await ScreenshotAsync(admin, "admin-users");
        await admin.GetByRole(AriaRole.Link, new() { Name = "+ Add user" }).ClickAsync();
        await admin.Locator("#id_UserName").FillAsync("rita");
        await admin.Locator("#id_Password").FillAsync(LiveSite.Password);
        await admin.Locator("#id_Password2").FillAsync(LiveSite.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();

        await Expect(admin).ToHaveURLAsync(new Regex("/admin/users/\\d+$"));
        await Expect(admin.Locator("[data-success]")).ToContainTextAsync("The user “rita” was added.");
        var groups = new Chooser(admin, "id_GroupIds");
        await groups.FilterAsync("review");
        await groups.ChooseAsync("Reviewers");
        await Expect(groups.Chosen.Locator("option")).ToHaveTextAsync(["Reviewers"]);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();

        await Expect(admin.Locator("[data-success]")).ToHaveTextAsync("The user “rita” was changed successfully.");
        var effective = admin.Locator("[data-effective] li");
        await Expect(effective).ToHaveCountAsync(2);
        await Expect(effective.Nth(0)).ToContainTextAsync("blog.publish_post");
        await Expect(effective.Nth(0)).ToContainTextAsync("via group Reviewers");
        await Expect(effective.Nth(1)).ToContainTextAsync("blog.view_post");
        await ScreenshotAsync(admin, "admin-user-edit", fullPage: true);
        Assert.Equal(["Reviewers"], await Site.GroupsOfAsync("rita"));
        Assert.Empty(await Site.DirectPermissionsOfAsync("rita"));

        await admin.GetByRole(AriaRole.Link, new() { Name = "Permissions", Exact = true }).First.ClickAsync();
        await Expect(admin).ToHaveURLAsync(Site.BaseUrl + "/admin/permissions");
        await ScreenshotAsync(admin, "admin-permissions");
        await admin.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).First.ClickAsync();
        await Expect(admin).ToHaveURLAsync(Site.BaseUrl + "/admin/history");
        await Expect(admin.Locator("main")).ToContainTextAsync("Reviewers");
        await ScreenshotAsync(admin, "admin-history");

        // Rita on the site: she reads the working list and may publish, and nothing more.
        var rita = await NewPageAsync();
        await SignInAsync(rita, "rita");
        await Expect(rita.Locator("#nav-new-post")).ToHaveCountAsync(0);
        await Expect(rita.Locator("#nav-upload-photo")).ToHaveCountAsync(0);
        await Expect(rita.Locator("nav a[href='/photos']")).ToHaveCountAsync(0);
        await rita.Locator("nav a[href='/posts']").ClickAsync();
        await Expect(rita).ToHaveURLAsync(Site.BaseUrl + "/posts");
        var draft = rita.Locator("#posts tbody tr[data-post-id]").Filter(new() { HasText = DraftTitle });
        await Expect(draft.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeVisibleAsync();
        await Expect(draft.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToHaveCountAsync(0);
        await Expect(draft.GetByRole(AriaRole.Button, new() { Name = "Feature" })).ToHaveCountAsync(0);
        await Expect(draft.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Delete") })).ToHaveCountAsync(0);
        await ScreenshotAsync(rita, "blog-posts-reviewer");

        await draft.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(rita.Locator("#status-message")).ToHaveTextAsync($"Post “{DraftTitle}” published.");
        await Expect(draft.Locator(".badge")).ToHaveTextAsync("Published");

        var response = await rita.GotoAsync("/posts/new");
        Assert.Equal(403, response!.Status);
        await Expect(rita.Locator("#error-page[data-status='403']")).ToBeVisibleAsync();
        AssertPagesHealthy();
    }

    [Fact]
    public async Task A_delegated_admin_cannot_grant_a_permission_they_do_not_hold()
    {
        await Site.CreateStaffAsync("delegate", superuser: false, "auth.view_user", "auth.change_user", "blog.view_post");
        await Site.CreateUserAsync("walter");
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "delegate");
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "walter", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Change user: walter");

        var permissions = new Chooser(page, "id_PermissionIds");
        await permissions.FilterAsync("blog post");
        await permissions.ChooseAsync("blog | post | Can view post", "blog | post | Can delete post");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();

        var refusal = page.Locator("[data-form-errors]");
        await Expect(refusal).ToHaveTextAsync("You cannot grant blog.delete_post: you do not hold it yourself.");
        await Expect(page.Locator("[data-success]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "admin-user-edit-refused");
        Assert.Empty(await Site.DirectPermissionsOfAsync("walter"));

        // What they hold themselves they may grant: take the refused one out again and save.
        permissions = new Chooser(page, "id_PermissionIds");
        await Expect(permissions.Chosen.Locator("option")).ToHaveTextAsync(["blog | post | Can delete post", "blog | post | Can view post"]);
        await permissions.Chosen.SelectOptionAsync(new SelectOptionValue { Label = "blog | post | Can delete post" });
        await permissions.RemoveButton.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();

        await Expect(page.Locator("[data-success]")).ToHaveTextAsync("The user “walter” was changed successfully.");
        Assert.Equal(["blog.view_post"], await Site.DirectPermissionsOfAsync("walter"));
        AssertPagesHealthy();
    }

    /// <summary>The admin's two-pane chooser (admin.js) around the hidden multi-select with the given id.</summary>
    private sealed class Chooser(IPage page, string id)
    {
        public ILocator FilterBox => page.Locator($"#{id}_filter");
        public ILocator Available => page.Locator($"#{id}_from");
        public ILocator Chosen => page.Locator($"#{id}_to");
        private ILocator Field => page.Locator(".chooser-field").Filter(new() { Has = page.Locator($"#{id}") });
        public ILocator ChooseButton => Field.GetByRole(AriaRole.Button, new() { Name = "Choose →" });
        public ILocator RemoveButton => Field.GetByRole(AriaRole.Button, new() { Name = "← Remove" });

        public async Task FilterAsync(string text)
        {
            await FilterBox.ClickAsync();
            await FilterBox.FillAsync("");
            if (text.Length > 0) await FilterBox.PressSequentiallyAsync(text);
        }

        /// <summary>Selects the options (by their text) in the available list and presses the Choose button.</summary>
        public async Task ChooseAsync(params string[] labels)
        {
            await Available.SelectOptionAsync(labels.Select(l => new SelectOptionValue { Label = l }));
            await ChooseButton.ClickAsync();
        }
    }

    [Fact]
    public async Task The_admin_follows_the_systems_dark_mode_keeps_a_chosen_theme_and_collapses_its_header_on_a_phone()
    {
        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        var html = admin.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");

        await admin.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await admin.GotoAsync("/admin/users");
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
        var theme = admin.Locator("#admin-theme");
        await Expect(theme).ToHaveTextAsync("◐ auto");
        await Expect(theme).ToHaveAttributeAsync("aria-label", "Colour theme: auto (dark). Change");
        Assert.Equal("rgb(33, 37, 41)", await admin.EvaluateAsync<string>("getComputedStyle(document.querySelector('.admin-table')).backgroundColor"));
        await ScreenshotAsync(admin, "admin-users-dark");

        // Chosen with the button: light, then dark, kept across pages whatever the system says; then auto again.
        await theme.ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");
        await Expect(theme).ToHaveTextAsync("◐ light");
        await admin.GotoAsync("/admin/groups");
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");
        await admin.Locator("#admin-theme").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
        await admin.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await admin.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
        await admin.Locator("#admin-theme").ClickAsync();
        await Expect(admin.Locator("#admin-theme")).ToHaveTextAsync("◐ auto");
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");

        // On a phone the sections hide behind the menu button.
        await AssertFitsAPhoneAsync(admin, "admin-header-390", async () =>
        {
            var users = admin.Locator("#admin-nav").GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true });
            await Expect(users).ToBeHiddenAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            await Expect(users).ToBeVisibleAsync();
            await Expect(admin.Locator("#change-password")).ToBeVisibleAsync();
        });
        AssertPagesHealthy();
    }

    [Fact]
    public async Task Typing_a_members_name_suggests_users_and_completes_only_the_name_being_typed()
    {
        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        await admin.GotoAsync("/admin/groups");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Editors", Exact = true }).ClickAsync();
        var names = admin.Locator("#id_names");
        await names.PressSequentiallyAsync("creator, SUBS");
        var suggestions = admin.Locator("#id_names_choices option");
        await Expect(suggestions).ToHaveCountAsync(1);
        Assert.Equal("creator, subscriber", await suggestions.First.GetAttributeAsync("value"));
        Assert.Equal("subscriber@example.com", await suggestions.First.TextContentAsync());

        await names.FillAsync("creator, subscriber");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(admin.Locator("[data-success]")).ToHaveTextAsync("Added creator, subscriber to “Editors”.");

        // On an object's permissions page the suggestions follow the kind of holder.
        await admin.GotoAsync("/admin/blog/post");
        await admin.GetByRole(AriaRole.Link, new() { Name = DraftTitle }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Object permissions" }).ClickAsync();
        await admin.GetByLabel("a group").CheckAsync();
        await admin.Locator("#id_name").PressSequentiallyAsync("subs");
        await Expect(admin.Locator("#id_name_choices option")).ToHaveCountAsync(1);
        Assert.Equal("Subscribers", await admin.Locator("#id_name_choices option").First.GetAttributeAsync("value"));
        AssertPagesHealthy();
    }

    [Fact]
    public async Task Select_all_ticked_before_the_pages_script_runs_stays_ticked_and_ticks_the_rows()
    {
        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        // The admin's script arrives late, as on a slow connection, or a loaded machine right after a form was sent.
        var scriptHeld = new TaskCompletionSource();
        await admin.RouteAsync("**/js/admin.js*", async route =>
        {
            await scriptHeld.Task;
            await route.ContinueAsync();
        });
        await admin.GotoAsync("/admin/users", new() { WaitUntil = WaitUntilState.Commit });
        await admin.GetByLabel("Select all users on this page").CheckAsync();

        scriptHeld.SetResult();
        await admin.WaitForLoadStateAsync(LoadState.Load);
        var rows = await admin.Locator("[data-row-check]").CountAsync();
        Assert.Equal(4, rows);
        await Expect(admin.Locator("[data-selection-count]")).ToHaveTextAsync($"{rows} of {rows} selected");
        await Expect(admin.GetByLabel("Select all users on this page")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task The_users_list_counts_its_matches_and_select_all_acts_on_every_one_not_only_the_page()
    {
        await Site.QueryAsync(async db =>
        {
            db.Users.AddRange(Enumerable.Range(0, 55).Select(i => new PermissionsAdmin.Model.PermissionsUser
            {
                UserName = $"reader{i:00}",
                NormalizedUserName = $"READER{i:00}",
                SecurityStamp = Guid.NewGuid().ToString("N"),
            }));
            return await db.SaveChangesAsync();
        });
        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        await admin.GotoAsync("/admin/users?q=reader");
        await Expect(admin.Locator("#result-count")).ToHaveTextAsync(new Regex(@"^\s*55 results \(59 total\)\s*Show all\s*$"));

        await admin.GetByLabel("Select all users on this page").CheckAsync();
        await Expect(admin.Locator("[data-selection-count]")).ToHaveTextAsync("50 of 50 selected");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Select all 55 users" }).ClickAsync();
        await Expect(admin.Locator("[data-selection-count]")).ToHaveTextAsync("All 55 users selected");
        await ScreenshotAsync(admin, "admin-users-select-all");
        await admin.GetByLabel("Action", new() { Exact = true }).SelectOptionAsync("deactivate");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();
        await Expect(admin.Locator("[data-success]")).ToHaveTextAsync("Deactivated 55 users.");
        Assert.Equal(55, await Site.QueryAsync(db => db.Users.CountAsync(u => !u.IsActive)));

        // Unticking a row takes the selection back to the rows ticked on the page.
        await admin.GetByLabel("Select all users on this page").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Select all 55 users" }).ClickAsync();
        await admin.GetByLabel("Select reader00").UncheckAsync();
        await Expect(admin.Locator("[data-selection-count]")).ToHaveTextAsync("49 of 50 selected");

        // Every column sorts: the superusers first, by the Superuser column's header.
        await admin.GotoAsync("/admin/users");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Superuser" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Superuser ▲" }).ClickAsync();
        await Expect(admin.Locator("#result-list tbody th").First).ToHaveTextAsync("admin");
        await AssertFitsAPhoneAsync(admin, "admin-users-select-all-390");
        AssertPagesHealthy();
    }
}
