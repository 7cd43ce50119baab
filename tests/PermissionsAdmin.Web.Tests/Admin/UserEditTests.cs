using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.ObjectPermissions;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>Adding and editing users: validation, refusals from the delegation rules (forged posts too), concurrency.</summary>
public sealed class UserEditTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_users_change_page_sends_no_query_twice(DatabaseKind kind)
    {
        var queries = new QueryCounter { KeepsCommands = true };
        await using var site = await AdminSite.StartAsync(kind, builder => builder.CountQueries(queries));
        await site.CreateUserAsync("root", staff: true, superuser: true);
        var ann = await site.CreateUserAsync("ann", permissions: ["blog.view_post"]);
        await site.AddMemberAsync("Editors", "ann");
        var root = await site.SignedInAsync("root");
        await root.GetAsync($"/admin/users/{ann.Id}"); // warm: the signed-in account is cached after this

        queries.Reset();
        var page = await root.GetAsync($"/admin/users/{ann.Id}");
        var sent = queries.Texts();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        // The user, their groups, their direct permissions, and what their groups grant; the group list and the
        // catalogue were kept from the first visit.
        var repeated = sent.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"sent more than once:\n{string.Join("\n---\n", repeated)}");
        Assert.True(sent.Count == 4, $"{sent.Count} commands:\n{string.Join("\n---\n", sent)}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_group_and_permission_lists_kept_between_pages_follow_every_change(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", staff: true, superuser: true);
        var ann = await site.CreateUserAsync("ann");
        var root = await site.SignedInAsync("root");
        Assert.DoesNotContain("Reviewers", (await root.GetAsync($"/admin/users/{ann.Id}")).Html);

        // Through the services (this process): on the very next page.
        await site.CreateGroupAsync("Reviewers");
        Assert.Contains("Reviewers", (await root.GetAsync($"/admin/users/{ann.Id}")).Html);
        Assert.Contains("Reviewers", (await root.GetAsync("/admin/users")).Html);

        // In SQL, as another process would (no interceptor): once the change feed has read it.
        var group = await site.GroupIdAsync("Reviewers");
        await site.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE \"AspNetRoles\" SET \"Name\" = 'Proofreaders', \"NormalizedName\" = 'PROOFREADERS' WHERE \"Id\" = {group}",
            TestContext.Current.CancellationToken));
        var permission = await site.PermissionIdAsync("blog.view_post");
        await site.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE \"Permissions\" SET \"Name\" = 'Can read posts' WHERE \"Id\" = {permission}",
            TestContext.Current.CancellationToken));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string html;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            html = (await root.GetAsync($"/admin/users/{ann.Id}")).Html;
        } while (!(html.Contains("Proofreaders") && html.Contains("Can read posts")) && DateTime.UtcNow < deadline);
        Assert.Contains("Proofreaders", html);
        Assert.DoesNotContain("Reviewers", html);
        Assert.Contains("Can read posts", html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_a_user_needs_both_add_and_change_permissions(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("adder", "auth.view_user", "auth.add_user");
        await site.CreateStaffAsync("manager", "auth.view_user", "auth.add_user", "auth.change_user");
        var adder = await site.SignedInAsync("adder");
        var manager = await site.SignedInAsync("manager");

        Assert.DoesNotContain("/admin/users/add", (await adder.GetAsync("/admin/users")).Html);
        Assert.DoesNotContain("/admin/users/add", (await adder.GetAsync("/admin")).Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await adder.GetAsync("/admin/users/add")).Status);
        var token = (await adder.GetAsync("/admin/users")).Token;
        var forged = await adder.PostAsync("/admin/users/add", token, ("UserName", "sneaky"), ("Password", AdminSite.Password), ("Password2", AdminSite.Password));
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        Assert.Null(await site.FindUserAsync("sneaky"));

        Assert.Contains("href=\"/admin/users/add\"", (await manager.GetAsync("/admin/users")).Html);
        var created = await manager.SubmitAsync("/admin/users/add", "/admin/users/add",
            ("UserName", "newbie"), ("Password", AdminSite.Password), ("Password2", AdminSite.Password));
        var newbie = await site.FindUserAsync("newbie");
        Assert.NotNull(newbie);
        Assert.Equal($"/admin/users/{newbie.Id}", created.Location);
        var edit = await manager.FollowAsync(created);
        Assert.Contains("The user “newbie” was added.", edit.Success);
        Assert.True(newbie.IsActive);
        Assert.False(newbie.IsStaff);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_a_user_shows_validation_and_identity_messages_and_creates_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        var before = await site.SnapshotAsync();

        async Task<Page> Add(string name, string password, string again) =>
            await browser.SubmitAsync("/admin/users/add", "/admin/users/add", ("UserName", name), ("Password", password), ("Password2", again));

        Assert.Contains("The two password fields didn't match.", (await Add("newbie", AdminSite.Password, "other")).Errors);
        Assert.Contains("Passwords must", (await Add("newbie", "abc", "abc")).Errors);
        Assert.Contains("Username 'root' is already taken.", (await Add("root", AdminSite.Password, AdminSite.Password)).Errors);
        Assert.Contains("Keep the user name to 150 characters or fewer.", (await Add(new string('x', 151), AdminSite.Password, AdminSite.Password)).Errors);
        Assert.Contains("Enter a user name.", (await Add("", AdminSite.Password, AdminSite.Password)).Errors);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saving_the_edit_form_changes_profile_flags_groups_and_permissions_and_records_the_history(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob", permissions: ["blog.view_post"]);
        var editors = await site.GroupIdAsync("Editors");
        var addPost = await site.PermissionIdAsync("blog.add_post");
        var browser = await site.SignedInAsync("root");
        var form = await browser.GetAsync($"/admin/users/{bob.Id}");

        var saved = await browser.PostAsync($"/admin/users/{bob.Id}", form.Token,
            [.. Fields(form, ("UserName", "robert"), ("Email", "robert@example.com"), ("FirstName", "Robert"), ("LastName", "Paulson"),
                ("IsStaff", "true"), ("GroupIds", editors.ToString(CultureInfo.InvariantCulture)), ("PermissionIds!", addPost.ToString(CultureInfo.InvariantCulture))), ("next", "continue")]);

        Assert.Equal($"/admin/users/{bob.Id}", saved.Location);
        var page = await browser.FollowAsync(saved);
        Assert.Equal("The user “robert” was changed successfully.", page.Success);
        var robert = await site.FindUserAsync("robert");
        Assert.NotNull(robert);
        Assert.Equal(("robert@example.com", "Robert", "Paulson", true, true), (robert.Email, robert.FirstName, robert.LastName, robert.IsStaff, robert.IsActive));
        Assert.Equal(["Editors"], await site.GroupsOfAsync("robert"));
        Assert.Equal(["blog.add_post"], await site.DirectPermissionsOfAsync("robert"));

        var history = (await browser.GetAsync($"/admin/users/{bob.Id}/history")).Text;
        Assert.Contains("Changed staff status from false to true", history);
        Assert.Contains("Changed user name from “bob” to “robert”", history);
        Assert.Contains("Added permissions: blog.add_post", history);
        Assert.Contains("Removed permissions: blog.view_post", history);
        Assert.Contains("Added to groups: Editors", history);
        Assert.Contains("root", history);
        Assert.Contains("admin", history); // the channel
        var groupHistory = (await browser.GetAsync($"/admin/groups/{editors}/history")).Text;
        Assert.Contains("Added members: robert", groupHistory);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_second_of_two_concurrent_edits_is_refused_and_the_first_is_kept(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("root2", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var first = await site.SignedInAsync("root");
        var second = await site.SignedInAsync("root2");
        var firstForm = await first.GetAsync($"/admin/users/{bob.Id}");
        var secondForm = await second.GetAsync($"/admin/users/{bob.Id}");
        Assert.Equal(Stamp(firstForm), Stamp(secondForm));

        var firstSave = await first.PostAsync($"/admin/users/{bob.Id}", firstForm.Token, Fields(firstForm, ("FirstName", "First")));
        Assert.Equal(HttpStatusCode.Redirect, firstSave.Status);
        var secondSave = await second.PostAsync($"/admin/users/{bob.Id}", secondForm.Token, Fields(secondForm, ("LastName", "Second"), ("IsStaff", "true")));

        Assert.Equal(HttpStatusCode.OK, secondSave.Status);
        Assert.Contains("Someone else changed user 'bob'", secondSave.Errors);
        var stored = await site.FindUserAsync("bob");
        Assert.Equal(("First", "", false), (stored!.FirstName, stored.LastName, stored.IsStaff));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Forged_posts_by_a_delegated_admin_are_refused_with_a_message_and_change_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var deputy = await site.CreateStaffAsync("deputy", "auth.view_user", "auth.change_user", "blog.view_post");
        var bob = await site.CreateUserAsync("bob");
        var subscribers = await site.GroupIdAsync("Subscribers");
        var viewPost = await site.PermissionIdAsync("blog.view_post");
        var deletePost = await site.PermissionIdAsync("blog.delete_post");
        var browser = await site.SignedInAsync("deputy");
        var before = await site.SnapshotAsync();

        var bobForm = await browser.GetAsync($"/admin/users/{bob.Id}");
        Assert.Contains("id=\"id_IsSuperuser\" value=\"true\" disabled", bobForm.Html); // not offered...
        var grant = await browser.PostAsync($"/admin/users/{bob.Id}", bobForm.Token, Fields(bobForm, ("PermissionIds", deletePost.ToString(CultureInfo.InvariantCulture))));
        Assert.Contains("You cannot grant blog.delete_post: you do not hold it yourself.", grant.Errors);
        var superuser = await browser.PostAsync($"/admin/users/{bob.Id}", bobForm.Token, Fields(bobForm, ("IsSuperuser", "true")));
        Assert.Contains("Only a superuser can make a user a superuser.", superuser.Errors); // ...and refused when forged

        var ownForm = await browser.GetAsync($"/admin/users/{deputy.Id}");
        Assert.Contains("You cannot change your own permissions, groups or flags", ownForm.Html);
        var joinGroup = await browser.PostAsync($"/admin/users/{deputy.Id}", ownForm.Token, Fields(ownForm, ("GroupIds", subscribers.ToString(CultureInfo.InvariantCulture))));
        Assert.Contains("You cannot change your own permissions, groups or flags.", joinGroup.Errors);
        var ownGrant = await browser.PostAsync($"/admin/users/{deputy.Id}", ownForm.Token, Fields(ownForm, ("PermissionIds", viewPost.ToString(CultureInfo.InvariantCulture)), ("PermissionIds", deletePost.ToString(CultureInfo.InvariantCulture))));
        Assert.Contains("You cannot change your own", ownGrant.Errors);
        var promote = await browser.PostAsync($"/admin/users/{deputy.Id}", ownForm.Token, Fields(ownForm, ("IsSuperuser", "true")));
        Assert.Contains("You cannot change your own", promote.Errors);

        Assert.Equal(before, await site.SnapshotAsync());

        // What the deputy may do: their own profile (the locked fields post back unchanged), and grant what they hold.
        var profile = await browser.PostAsync($"/admin/users/{deputy.Id}", ownForm.Token, Fields(ownForm, ("FirstName", "Dee")));
        Assert.Equal(HttpStatusCode.Redirect, profile.Status);
        Assert.Equal("Dee", (await site.FindUserAsync("deputy"))!.FirstName);
        bobForm = await browser.GetAsync($"/admin/users/{bob.Id}");
        var allowed = await browser.PostAsync($"/admin/users/{bob.Id}", bobForm.Token, Fields(bobForm, ("PermissionIds", viewPost.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.Redirect, allowed.Status);
        Assert.Equal(["blog.view_post"], await site.DirectPermissionsOfAsync("bob"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_gives_a_message_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("alice");
        var bob = await site.CreateUserAsync("bob");
        var browser = await site.SignedInAsync("root");
        var form = await browser.GetAsync($"/admin/users/{bob.Id}");
        var before = await site.SnapshotAsync();

        async Task<string> Post(params (string, string?)[] changes)
        {
            var page = await browser.PostAsync($"/admin/users/{bob.Id}", form.Token, Fields(form, changes));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            return page.Errors;
        }

        Assert.Contains("No permission with id 999999.", await Post(("PermissionIds", "999999")));
        Assert.Contains("No group with id 999999.", await Post(("GroupIds", "999999")));
        Assert.Contains("Keep the first name to 150 characters or fewer.", await Post(("FirstName", new string('a', 151))));
        Assert.Contains("Keep the user name to 150 characters or fewer.", await Post(("UserName", new string('a', 151))));
        Assert.Contains("Enter a user name.", await Post(("UserName", "")));
        Assert.Contains("Enter a valid e-mail address.", await Post(("Email", "not-an-address")));
        Assert.Contains("Username 'alice' is already taken.", await Post(("UserName", "alice")));
        Assert.Contains("is not valid", await Post(("PermissionIds", "abc")));
        Assert.Contains("reload the page", await Post(("ConcurrencyStamp", "")));
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_effective_permissions_panel_says_where_each_permission_comes_from(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob", permissions: ["blog.view_post", "blog.add_comment"]);
        await site.AddMemberAsync("Editors", "bob");
        await site.AddMemberAsync("Subscribers", "bob");
        var browser = await site.SignedInAsync("root");

        var panel = Panel(await browser.GetAsync($"/admin/users/{bob.Id}"));
        Assert.Matches(@"blog\.view_post\s+direct\s+via group Editors\s+via group Subscribers", panel);
        Assert.Matches(@"blog\.add_comment\s+direct\s+blog\.", panel);
        Assert.Matches(@"blog\.publish_post\s+via group Editors", panel);
        Assert.Matches(@"blog\.view_photo\s+via group Subscribers", panel);
        Assert.DoesNotContain("blog.delete_post", panel);

        Assert.Contains("A superuser holds every permission", Panel(await browser.GetAsync($"/admin/users/{root.Id}")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Setting_a_password_and_unlocking_a_locked_out_user(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob", password: false);
        var browser = await site.SignedInAsync("root");

        var mismatch = await browser.SubmitAsync($"/admin/users/{bob.Id}/password", $"/admin/users/{bob.Id}/password",
            ("Password", "New-password-42"), ("Password2", "Other-password-42"));
        Assert.Contains("The two password fields didn't match.", mismatch.Errors);
        var set = await browser.SubmitAsync($"/admin/users/{bob.Id}/password", $"/admin/users/{bob.Id}/password",
            ("Password", "New-password-42"), ("Password2", "New-password-42"));
        Assert.Equal($"/admin/users/{bob.Id}", set.Location);
        Assert.True(await site.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PermissionsUser>>();
            return await users.CheckPasswordAsync((await users.FindByNameAsync("bob"))!, "New-password-42");
        }));

        Assert.DoesNotContain("Unlock this user", (await browser.GetAsync($"/admin/users/{bob.Id}")).Html);
        await site.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PermissionsUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("bob"))!, DateTimeOffset.UtcNow.AddHours(1));
        });
        var locked = await browser.GetAsync($"/admin/users/{bob.Id}");
        Assert.Contains("Unlock this user", locked.Html);
        var unlocked = await browser.FollowAsync(await browser.PostAsync($"/admin/users/{bob.Id}/unlock", locked.Token));
        Assert.Contains("was unlocked", unlocked.Success);
        Assert.Null((await site.FindUserAsync("bob"))!.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null);
        Assert.Contains("Unlocked (lifted the lockout)", (await browser.GetAsync($"/admin/users/{bob.Id}/history")).Text);
        Assert.Contains("Changed the password", (await browser.GetAsync($"/admin/users/{bob.Id}/history")).Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_permission_chooser_is_loaded_with_its_content_types_grouped_by_app_and_entity(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob", permissions: ["blog.change_post"]);
        var browser = await site.SignedInAsync("root");

        var page = await browser.GetAsync($"/admin/users/{bob.Id}");
        var select = Regex.Match(page.Html, "<select[^>]*name=\"PermissionIds\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<optgroup label=\"blog | post\">", select);
        Assert.Contains("<optgroup label=\"blog | holiday photo\">", select);
        Assert.Matches("<option value=\"\\d+\" selected=\"selected\" data-keywords=\"blog.change_post\">blog \\| post \\| Can change post</option>", select);
        Assert.Matches("<option value=\"\\d+\" data-keywords=\"blog.add_post\">blog \\| post \\| Can add post</option>", select);
        Assert.Contains("data-chooser=\"User permissions\"", page.Html);
        var groups = Regex.Match(page.Html, "<select[^>]*name=\"GroupIds\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(3, Regex.Count(groups, "<option "));
    }

    private static string Panel(Page page) =>
        Regex.Replace(System.Net.WebUtility.HtmlDecode(Regex.Replace(
            Regex.Match(page.Html, "<section class=\"card\" aria-labelledby=\"effective-title\".*?</section>", RegexOptions.Singleline).Value,
            "<[^>]+>", " ")), @"\s+", " ");

    private static string Stamp(Page page) => Regex.Match(page.Html, "name=\"ConcurrencyStamp\" value=\"([^\"]*)\"").Groups[1].Value;

    /// <summary>
    /// The edit form's fields as the page has them, with <paramref name="changes"/> replacing them; for the id lists a change
    /// adds an id, and a name ending in "!" replaces the list.
    /// </summary>
    private static (string, string?)[] Fields(Page page, params (string Name, string? Value)[] changes)
    {
        string Value(string name) => System.Net.WebUtility.HtmlDecode(
            Regex.Match(page.Html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
        bool Checked(string name) => Regex.IsMatch(page.Html, $"id=\"id_{name}\" value=\"true\"( name=\"{name}\")? checked")
            || Regex.IsMatch(page.Html, $"<input type=\"hidden\" name=\"{name}\" value=\"true\">");
        List<string> Chosen(string name)
        {
            var select = Regex.Match(page.Html, $"<select[^>]*name=\"{name}\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
            var options = select.Success
                ? Regex.Matches(select.Groups[1].Value, "<option value=\"(\\d+)\" selected").Select(m => m.Groups[1].Value)
                : Regex.Matches(page.Html, $"<input type=\"hidden\" name=\"{name}\" value=\"(\\d+)\">").Select(m => m.Groups[1].Value);
            return options.ToList();
        }
        var fields = new Dictionary<string, List<string>>
        {
            ["UserName"] = [Value("UserName")],
            ["Email"] = [Value("Email")],
            ["FirstName"] = [Value("FirstName")],
            ["LastName"] = [Value("LastName")],
            ["IsActive"] = [Checked("IsActive") ? "true" : "false"],
            ["IsStaff"] = [Checked("IsStaff") ? "true" : "false"],
            ["IsSuperuser"] = [Checked("IsSuperuser") ? "true" : "false"],
            ["GroupIds"] = Chosen("GroupIds"),
            ["PermissionIds"] = Chosen("PermissionIds"),
            ["ConcurrencyStamp"] = [Value("ConcurrencyStamp")],
        };
        foreach (var (name, value) in changes)
        {
            if (name.EndsWith('!')) fields[name.TrimEnd('!')] = [value!];
            else if (name is "GroupIds" or "PermissionIds") fields[name].Add(value!);
            else fields[name] = [value ?? ""];
        }
        return fields.SelectMany(f => f.Value.Select(v => (f.Key, (string?)v))).ToArray();
    }
}
