using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.ObjectPermissions;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// Issue 18's smaller pieces of Django's admin: "Save and add another" on users and groups, a Delete button on a
/// user's change page, and the staff user's own password change linked from the header.
/// </summary>
public sealed class AdminParityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Save_and_add_another_leads_to_a_blank_add_form(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");

        var added = await browser.SubmitAsync("/admin/users/add", "/admin/users/add",
            ("UserName", "carol"), ("Password", AdminSite.Password), ("Password2", AdminSite.Password), ("next", "add"));
        Assert.Equal("/admin/users/add", added.Location);
        var form = await browser.FollowAsync(added);
        Assert.Equal("The user “carol” was added. You may add another user below.", form.Success);
        Assert.DoesNotContain("value=\"carol\"", form.Html);
        Assert.NotNull(await site.FindUserAsync("carol"));
        // The other button keeps Django's user-admin way: the new user's change page.
        var continued = await browser.SubmitAsync("/admin/users/add", "/admin/users/add",
            ("UserName", "dave"), ("Password", AdminSite.Password), ("Password2", AdminSite.Password), ("next", "continue"));
        Assert.Equal($"/admin/users/{(await site.FindUserAsync("dave"))!.Id}", continued.Location);

        var group = await browser.SubmitAsync("/admin/groups/add", "/admin/groups/add", ("Name", "Reviewers"), ("next", "add"));
        Assert.Equal("/admin/groups/add", group.Location);
        Assert.Equal("The group “Reviewers” was added. You may add another group below.", (await browser.FollowAsync(group)).Success);
        var id = await site.GroupIdAsync("Reviewers");
        var stamp = await site.QueryAsync(db => db.Roles.Where(g => g.Id == id).Select(g => g.ConcurrencyStamp).SingleAsync());
        var changed = await browser.SubmitAsync($"/admin/groups/{id}", $"/admin/groups/{id}", ("Name", "Proofreaders"), ("ConcurrencyStamp", stamp), ("next", "add"));
        Assert.Equal("/admin/groups/add", changed.Location);
        Assert.Equal("The group “Proofreaders” was changed successfully. You may add another group below.", (await browser.FollowAsync(changed)).Success);

        // Without add permission, the button is not offered on a group's change page.
        await site.CreateStaffAsync("editor", "auth.view_group", "auth.change_group");
        var editor = await site.SignedInAsync("editor");
        var page = await editor.GetAsync($"/admin/groups/{id}");
        Assert.Contains("Save and continue editing", page.Html);
        Assert.DoesNotContain("Save and add another", page.Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_users_change_page_has_a_delete_button_leading_to_its_confirmation(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var carol = await site.CreateUserAsync("carol");
        await site.CreateStaffAsync("viewer", "auth.view_user");
        var browser = await site.SignedInAsync("root");

        var page = await browser.GetAsync($"/admin/users/{carol.Id}");
        Assert.Contains($"href=\"/admin/users/{carol.Id}/delete\"", page.Html);
        Assert.DoesNotContain($"/admin/users/{root.Id}/delete", (await browser.GetAsync($"/admin/users/{root.Id}")).Html); // not oneself
        var confirmation = await browser.GetAsync($"/admin/users/{carol.Id}/delete");
        Assert.Equal(HttpStatusCode.OK, confirmation.Status);
        Assert.Contains("Are you sure you want to delete the user “carol”?", confirmation.Text);
        Assert.NotNull(await site.FindUserAsync("carol")); // the GET deletes nothing

        var deleted = await browser.PostAsync("/admin/users/delete", confirmation.Token, ("ids", carol.Id.ToString(CultureInfo.InvariantCulture)), ("returnUrl", "/admin/users"));
        Assert.Equal("/admin/users", deleted.Location);
        Assert.Null(await site.FindUserAsync("carol"));
        var gone = await browser.GetAsync($"/admin/users/{carol.Id}/delete");
        Assert.Equal("/admin/users", gone.Location);
        Assert.Contains("doesn’t exist. Perhaps it was deleted?", (await browser.FollowAsync(gone)).Text);

        var viewer = await site.SignedInAsync("viewer");
        Assert.DoesNotContain("/delete\"", (await viewer.GetAsync($"/admin/users/{root.Id}")).Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/admin/users/{root.Id}/delete")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_staff_user_changes_their_own_password_from_the_header(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("clerk"); // staff with no permission at all may still change their own password
        var browser = await site.SignedInAsync("clerk");
        var elsewhere = await site.SignedInAsync("clerk");
        Assert.Contains("href=\"/admin/password\"", (await browser.GetAsync("/admin")).Html);

        var before = await site.SnapshotAsync();
        async Task<string> Refused(string current, string next, string again)
        {
            var page = await browser.SubmitAsync("/admin/password", "/admin/password",
                ("CurrentPassword", current), ("NewPassword", next), ("ConfirmNewPassword", again));
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            return page.Errors;
        }
        Assert.Contains("The current password is not correct.", await Refused("wrong", "New-Password-2", "New-Password-2"));
        Assert.Contains("The two new passwords don't match.", await Refused(AdminSite.Password, "New-Password-2", "New-Password-3"));
        Assert.Contains("Passwords must have at least one digit", await Refused(AdminSite.Password, "New-Password", "New-Password"));
        Assert.Contains("Enter your current password.", await Refused("", "New-Password-2", "New-Password-2"));
        Assert.Equal(before, await site.SnapshotAsync());

        var changed = await browser.SubmitAsync("/admin/password", "/admin/password",
            ("CurrentPassword", AdminSite.Password), ("NewPassword", "New-Password-2"), ("ConfirmNewPassword", "New-Password-2"));
        Assert.Equal("/admin", changed.Location);
        Assert.Equal("Your password was changed. Other devices signed in as you have been signed out.", (await browser.FollowAsync(changed)).Success);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).Status); // this sign-in stays
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/admin")).Status); // the other ends
        Assert.Equal(HttpStatusCode.Redirect, (await site.NewBrowser().SignInAsync("clerk", "New-Password-2")).Status);
        Assert.Equal(1, await site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ObjectRepr == "clerk" && e.ActorName == "clerk")));

        // Not for visitors: the admin's sign-in first.
        var anonymous = await site.NewBrowser().GetAsync("/admin/password");
        Assert.Equal("/admin/login?returnUrl=%2Fadmin%2Fpassword", anonymous.Location);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_list_refuses_a_filter_it_does_not_offer_such_as_a_password_prefix(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");

        foreach (var (path, parameter) in new[]
        {
            ("/admin/users?password__startswith=pbkdf2", "password__startswith"),
            ("/admin/users?q=root&PasswordHash=AQ", "PasswordHash"),
            ("/admin/groups?name__icontains=a", "name__icontains"),
            ("/admin/blog/post?Body__startswith=x", "Body__startswith"),
        })
        {
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.BadRequest, $"{path}: {page}");
            Assert.Contains($"Filtering by “{parameter}” is not allowed.", page.Text);
        }
        // What the lists offer still works, in any case.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users?q=root&staff=true&Superuser=true&sort=-joined")).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/groups?q=e&page=1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/blog/post?q=x&IsPublished=true&o=-CreatedAt")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task User_and_group_names_are_suggested_as_one_types_to_those_who_may_see_them(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("alice.smith");
        await site.CreateUserAsync("bob");
        await site.CreateStaffAsync("chief", "blog.change_post"); // may manage a post's grants, may not list users or groups
        var root = await site.SignedInAsync("root");

        var users = await root.GetAsync("/admin/users/choices?q=SMITH");
        Assert.Equal(HttpStatusCode.OK, users.Status);
        Assert.Contains("\"value\":\"alice.smith\"", users.Html);
        Assert.Contains("alice.smith@example.com", users.Html);
        Assert.DoesNotContain("bob", users.Html);
        Assert.Equal("[]", (await root.GetAsync("/admin/users/choices?q=")).Html);
        var groups = await root.GetAsync("/admin/groups/choices?q=edit");
        Assert.Contains("\"value\":\"Editors\"", groups.Html);
        Assert.DoesNotContain("Creators", groups.Html);

        // The fields that use them.
        var group = await site.GroupIdAsync("Editors");
        Assert.Contains("data-choices-url=\"/admin/users/choices\"", (await root.GetAsync($"/admin/groups/{group}")).Html);
        var post = await site.AddPostAsync("A post");
        var objectPage = await root.GetAsync($"/admin/objects/blog/post/{post}");
        Assert.Contains("data-choices-url=\"/admin/users/choices\"", objectPage.Html);
        Assert.Contains("data-choices-url=\"/admin/groups/choices\"", objectPage.Html);

        // Without view permission on users or groups: no suggestions, and the page does not offer them.
        var chief = await site.SignedInAsync("chief");
        Assert.Equal(HttpStatusCode.Forbidden, (await chief.GetAsync("/admin/users/choices?q=smith")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await chief.GetAsync("/admin/groups/choices?q=edit")).Status);
        Assert.DoesNotContain("/choices", (await chief.GetAsync($"/admin/objects/blog/post/{post}")).Html);
    }
}
