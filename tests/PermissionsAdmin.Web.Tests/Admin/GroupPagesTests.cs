using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>/admin/groups: list, add, edit with concurrency, members, delete with confirmation, history.</summary>
public sealed class GroupPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_searches_and_counts_members_and_permissions(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Editors", "ann");
        var browser = await site.SignedInAsync("root");

        var list = await browser.GetAsync("/admin/groups");
        Assert.Matches(">Editors</a></th>\\s*<td class=\"text-end\">1</td>\\s*<td class=\"text-end\">5</td>", list.Html);
        Assert.Matches(">Creators</a></th>\\s*<td class=\"text-end\">0</td>\\s*<td class=\"text-end\">6</td>", list.Html);
        var found = await browser.GetAsync("/admin/groups?q=edit");
        Assert.Contains(">Editors</a>", found.Html);
        Assert.DoesNotContain(">Creators</a>", found.Html);
        Assert.Contains("No groups match.", (await browser.GetAsync("/admin/groups?q=nothing")).Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_a_group_with_permissions_and_the_refusals_on_bad_input(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var addPost = (await site.PermissionIdAsync("blog.add_post")).ToString(CultureInfo.InvariantCulture);
        var viewPost = (await site.PermissionIdAsync("blog.view_post")).ToString(CultureInfo.InvariantCulture);
        var browser = await site.SignedInAsync("root");

        var created = await browser.SubmitAsync("/admin/groups/add", "/admin/groups/add",
            ("Name", "Reviewers"), ("PermissionIds", addPost), ("PermissionIds", viewPost), ("next", "list"));
        Assert.Equal("/admin/groups", created.Location);
        Assert.Equal("The group “Reviewers” was added.", (await browser.FollowAsync(created)).Success);
        Assert.Equal(["blog.add_post", "blog.view_post"], await site.QueryAsync(db => db.GroupPermissionNamesAsync("Reviewers")));

        var before = await site.SnapshotAsync();
        async Task<string> Add(params (string, string?)[] fields)
        {
            var page = await browser.SubmitAsync("/admin/groups/add", "/admin/groups/add", fields);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            return page.Errors;
        }
        Assert.Contains("A group named 'reviewers' already exists.", await Add(("Name", "reviewers")));
        Assert.Contains("Keep the name to 150 characters or fewer.", await Add(("Name", new string('g', 151))));
        Assert.Contains("Enter a name.", await Add(("Name", " ")));
        Assert.Contains("No permission with id 999999.", await Add(("Name", "Other"), ("PermissionIds", "999999")));
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_a_group_renames_it_and_sets_its_permissions_and_a_concurrent_edit_is_refused(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("root2", superuser: true);
        var group = await site.CreateGroupAsync("Reviewers", "blog.view_post");
        var addPost = (await site.PermissionIdAsync("blog.add_post")).ToString(CultureInfo.InvariantCulture);
        var viewPost = (await site.PermissionIdAsync("blog.view_post")).ToString(CultureInfo.InvariantCulture);
        var first = await site.SignedInAsync("root");
        var second = await site.SignedInAsync("root2");
        var firstForm = await first.GetAsync($"/admin/groups/{group.Id}");
        var secondForm = await second.GetAsync($"/admin/groups/{group.Id}");

        var saved = await first.PostAsync($"/admin/groups/{group.Id}", firstForm.Token,
            ("Name", "Proofreaders"), ("PermissionIds", addPost), ("PermissionIds", viewPost), ("ConcurrencyStamp", Stamp(firstForm)));
        Assert.Equal("/admin/groups", saved.Location);
        var refused = await second.PostAsync($"/admin/groups/{group.Id}", secondForm.Token,
            ("Name", "Reviewers"), ("ConcurrencyStamp", Stamp(secondForm)));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Someone else changed group 'Proofreaders'", refused.Errors);
        Assert.Equal(["blog.add_post", "blog.view_post"], await site.QueryAsync(db => db.GroupPermissionNamesAsync("Proofreaders")));
        var history = (await first.GetAsync($"/admin/groups/{group.Id}/history")).Text;
        Assert.Contains("Changed name from “Reviewers” to “Proofreaders”", history);
        Assert.Contains("Added permissions: blog.add_post", history);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delegated_admin_cannot_give_a_group_a_permission_they_do_not_hold(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("deputy", "auth.view_group", "auth.change_group", "auth.add_group", "blog.view_post");
        var group = await site.CreateGroupAsync("Readers", "blog.view_post");
        var deletePost = (await site.PermissionIdAsync("blog.delete_post")).ToString(CultureInfo.InvariantCulture);
        var viewPost = (await site.PermissionIdAsync("blog.view_post")).ToString(CultureInfo.InvariantCulture);
        var browser = await site.SignedInAsync("deputy");
        var before = await site.SnapshotAsync();

        var form = await browser.GetAsync($"/admin/groups/{group.Id}");
        var refused = await browser.PostAsync($"/admin/groups/{group.Id}", form.Token,
            ("Name", "Readers"), ("PermissionIds", viewPost), ("PermissionIds", deletePost), ("ConcurrencyStamp", Stamp(form)));
        Assert.Contains("You cannot grant blog.delete_post: you do not hold it yourself.", refused.Errors);
        var created = await browser.SubmitAsync("/admin/groups/add", "/admin/groups/add", ("Name", "Wreckers"), ("PermissionIds", deletePost));
        Assert.Contains("You cannot grant blog.delete_post", created.Errors);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Members_are_added_by_name_all_or_nothing_listed_by_page_and_removed(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("ben", email: "ben@example.com");
        var group = await site.CreateGroupAsync("Reviewers", "blog.view_post");
        var browser = await site.SignedInAsync("root");
        var page = $"/admin/groups/{group.Id}";

        var unknown = await browser.SubmitAsync(page, $"{page}/members/add", ("names", "ann, nobody"));
        Assert.Contains("No user named 'nobody'. No members were added.", unknown.Errors);
        Assert.Empty(await site.GroupsOfAsync("ann"));

        var added = await browser.FollowAsync(await browser.SubmitAsync(page, $"{page}/members/add", ("names", "ann, ben@example.com")));
        Assert.Equal("Added ann, ben@example.com to “Reviewers”.", added.Success);
        Assert.Equal(["Reviewers"], await site.GroupsOfAsync("ann"));
        Assert.Equal(["Reviewers"], await site.GroupsOfAsync("ben"));
        Assert.Contains("href=\"/admin/users/" + ann.Id + "\">ann</a>", added.Html);

        var removed = await browser.FollowAsync(await browser.PostAsync($"{page}/members/remove", added.Token, ("ids", ann.Id.ToString(CultureInfo.InvariantCulture))));
        Assert.Contains("Removed 1 member(s)", removed.Success);
        Assert.Empty(await site.GroupsOfAsync("ann"));
        Assert.Equal(["Reviewers"], await site.GroupsOfAsync("ben"));
        Assert.Contains("Removed members: ann", (await browser.GetAsync($"{page}/history")).Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_member_list_is_paginated_by_50(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var group = await site.CreateGroupAsync("Crowd");
        var members = await site.AddUsersAsync(Enumerable.Range(0, 60).Select(i => ($"m{i:00}", (string?)null)));
        await site.InScopeAsync(services =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PermissionsAdmin.Groups.GroupAdministration>(services)
                .AddMembersAsync(group.Id, members.Select(m => m.Id).ToList()));
        var browser = await site.SignedInAsync("root");

        var first = await browser.GetAsync($"/admin/groups/{group.Id}");
        var second = await browser.GetAsync($"/admin/groups/{group.Id}?members=2");
        var firstMembers = Regex.Count(first.Html, "name=\"ids\" value=\"\\d+\"");
        var secondMembers = Regex.Count(second.Html, "name=\"ids\" value=\"\\d+\"");
        Assert.Equal((50, 10), (firstMembers, secondMembers));
        Assert.Contains("members=2", first.Html);
        Assert.Contains(">m59</a>", second.Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_group_shows_what_goes_then_deletes_it_and_keeps_its_members(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Editors", "ann");
        var editors = await site.GroupIdAsync("Editors");
        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Data.AppDbContext>();
            var post = new Web.Blog.Post { Title = "Edited by the group" };
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            var group = await db.Roles.SingleAsync(r => r.Id == editors);
            await services.GetRequiredService<ObjectPermissionAdministration>().AssignAsync("blog.delete_post", group, post);
        });
        var browser = await site.SignedInAsync("root");

        var confirm = await browser.GetAsync($"/admin/groups/{editors}/delete");
        Assert.Contains("Are you sure?", confirm.Html);
        var summary = Regex.Replace(confirm.Text, @"\s+", " ");
        Assert.Contains("1 member(s) leave the group.", summary);
        Assert.Contains("5 permission grant(s) go: blog.change_post blog.change_post_title blog.feature_post blog.publish_post blog.view_post", summary);
        Assert.Contains("1 object permission grant(s) go", summary);
        Assert.Equal(["Editors"], await site.GroupsOfAsync("ann")); // a GET changes nothing

        var deleted = await browser.PostAsync($"/admin/groups/{editors}/delete", confirm.Token);
        Assert.Equal("The group “Editors” was deleted.", (await browser.FollowAsync(deleted)).Success);
        Assert.False(await site.QueryAsync(db => db.Roles.AnyAsync(r => r.Name == "Editors")));
        Assert.NotNull(await site.FindUserAsync("ann"));
        Assert.Equal("/admin/groups", (await browser.GetAsync($"/admin/groups/{editors}")).Location);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Group_pages_follow_the_group_permissions(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("viewer", "auth.view_group");
        var editors = await site.GroupIdAsync("Editors");
        var browser = await site.SignedInAsync("viewer");

        var list = await browser.GetAsync("/admin/groups");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.DoesNotContain("Add group", list.Html);
        var edit = await browser.GetAsync($"/admin/groups/{editors}");
        Assert.False(edit.HasSaveButton);
        Assert.DoesNotContain("Add members", edit.Html); // adding members is a change to users
        Assert.DoesNotContain($"/admin/groups/{editors}/delete", edit.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/groups/{editors}/delete")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/admin/groups/{editors}/delete", edit.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/admin/groups/{editors}/members/add", edit.Token, ("names", "viewer"))).Status);
        Assert.Empty(await site.GroupsOfAsync("viewer"));
    }

    private static string Stamp(Page page) => Regex.Match(page.Html, "name=\"ConcurrencyStamp\" value=\"([^\"]*)\"").Groups[1].Value;
}
