using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// Memberships and direct grants that end, in the admin: their ends shown on the user and group pages, given from the
/// user form and the group's add-members form, refused when not a time to come, and kept by a save that does not
/// touch them; all by the app's clock.
/// </summary>
public sealed class GrantEndPagesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_user_and_group_pages_show_each_end_and_the_panel_counts_down_by_the_apps_clock(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("ben");
        await site.AddMemberAsync("Editors", "ann", Start.AddHours(3));
        await site.AddMemberAsync("Editors", "ben");
        await site.AddMemberAsync("Subscribers", "ann");
        await site.GrantUntilAsync("ann", "blog.add_comment", Start.AddDays(2));
        var root = await site.SignedInAsync("root");
        var path = $"/admin/users/{ann.Id}";

        var page = await root.GetAsync(path);
        Assert.Contains("Editors (until 2026-12-06 12:00 UTC)", page.Html);
        Assert.DoesNotContain("Subscribers (until", page.Html);
        Assert.Matches($"<option value=\"{await site.PermissionIdAsync("blog.add_comment")}\" selected[^>]*>[^<]* \\(until 2026-12-08 09:00 UTC\\)</option>", page.Html);
        var panel = Panel(page);
        Assert.Matches(@"blog\.publish_post\s+via group Editors\s+expires in 3 h", panel);
        Assert.Matches(@"blog\.add_comment\s+direct\s+expires in 2 days", panel);
        // Held for good through Subscribers: the end of Editors does not end it.
        Assert.Matches(@"blog\.view_post\s+via group Editors\s+via group Subscribers(?!\s+expires)", panel);

        var group = await root.GetAsync($"/admin/groups/{await site.GroupIdAsync("Editors")}");
        Assert.Matches(@"ann\s+until 2026-12-06 12:00 UTC", group.Text);
        Assert.DoesNotMatch(@"ben\s+until", group.Text);

        root.AcceptLanguage = "fr";
        Assert.Matches(@"blog\.publish_post\s+via le groupe Editors\s+expire dans 3 h", Panel(await root.GetAsync(path)));
        root.AcceptLanguage = null;

        clock.Advance(TimeSpan.FromHours(2.5));
        Assert.Matches(@"blog\.publish_post\s+via group Editors\s+expires in 30 min", Panel(await root.GetAsync(path)));
        clock.Advance(TimeSpan.FromHours(0.5));
        var ended = await root.GetAsync(path);
        Assert.DoesNotContain("blog.publish_post", Panel(ended));
        Assert.DoesNotContain("until 2026-12-06 12:00", ended.Html);
        Assert.DoesNotMatch(@"\bann\b", (await root.GetAsync($"/admin/groups/{await site.GroupIdAsync("Editors")}")).Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saving_the_user_form_gives_what_it_adds_its_end_and_keeps_the_ends_already_set(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Editors", "ann", Start.AddHours(3));
        await site.GrantUntilAsync("ann", "blog.add_comment", Start.AddDays(2));
        var root = await site.SignedInAsync("root");
        var path = $"/admin/users/{ann.Id}";

        var plain = await root.PostAsync(path, null, UserForm(await root.GetAsync(path), path).With("FirstName", "Ann"));
        Assert.Equal(HttpStatusCode.Redirect, plain.Status);
        Assert.Equal(["blog.add_comment until 2026-12-08 09:00", "Editors until 2026-12-06 12:00"], await HoldingsAsync(site, "ann"));

        var form = UserForm(await root.GetAsync(path), path);
        var added = await root.PostAsync(path, null,
        [
            .. form.With("ExpiresAt", "2026-12-07T18:30"),
            ("GroupIds", (await site.GroupIdAsync("Subscribers")).ToString(CultureInfo.InvariantCulture)),
            ("PermissionIds", (await site.PermissionIdAsync("blog.view_photo")).ToString(CultureInfo.InvariantCulture)),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        Assert.Equal(
            ["blog.add_comment until 2026-12-08 09:00", "blog.view_photo until 2026-12-07 18:30", "Editors until 2026-12-06 12:00", "Subscribers until 2026-12-07 18:30"],
            await HoldingsAsync(site, "ann"));
        Assert.Contains("Subscribers (until 2026-12-07 18:30 UTC)", (await root.GetAsync($"{path}/history")).Text);

        // Added without an end: for good, beside the ends already set.
        var forGood = await root.PostAsync(path, null,
            [.. UserForm(await root.GetAsync(path), path).Fields, ("PermissionIds", (await site.PermissionIdAsync("blog.view_post")).ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, forGood.Status);
        Assert.Contains("blog.view_post", await HoldingsAsync(site, "ann"));
        Assert.Contains("Editors until 2026-12-06 12:00", await HoldingsAsync(site, "ann"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_end_that_is_not_a_time_to_come_is_a_field_error_and_changes_nothing(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Editors", "ann", Start.AddHours(3));
        var subscribers = await site.GroupIdAsync("Subscribers");
        var root = await site.SignedInAsync("root");
        var path = $"/admin/users/{ann.Id}";
        var form = UserForm(await root.GetAsync(path), path);
        var groupPage = $"/admin/groups/{subscribers}";
        var before = await site.SnapshotAsync();

        foreach (var (value, message) in new[]
        {
            ("tomorrow", "Enter a date and time (UTC), such as 2030-12-31 18:00."),
            ("2026-02-30T10:00", "Enter a date and time (UTC), such as 2030-12-31 18:00."),
            ("2026-12-06T08:59", "The expiry must be in the future."),
            ("2026-12-06T09:00", "The expiry must be in the future."),
        })
        {
            var page = await root.PostAsync(path, null, [.. form.With("ExpiresAt", value), ("GroupIds", subscribers.ToString(CultureInfo.InvariantCulture))]);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(message, FieldError(page, "ExpiresAt"));
            Assert.Equal(value, page.InputValue("ExpiresAt"));

            var members = await root.SubmitAsync(groupPage, $"{groupPage}/members/add", ("names", "ann"), ("expiresAt", value));
            Assert.Equal(HttpStatusCode.OK, members.Status);
            Assert.Equal(message + " No members were added.", FieldError(members, "expiresAt"));
            Assert.Equal(value, members.InputValue("expiresAt"));
        }
        Assert.Equal(before, await site.SnapshotAsync());

        var added = await root.FollowAsync(await root.SubmitAsync(groupPage, $"{groupPage}/members/add", ("names", "ann"), ("expiresAt", "2026-12-06T21:00")));
        Assert.Equal("Added ann to “Subscribers”.", added.Success);
        Assert.Matches(@"ann\s+until 2026-12-06 21:00 UTC", added.Text);
        Assert.Equal(["Editors until 2026-12-06 12:00", "Subscribers until 2026-12-06 21:00"], await HoldingsAsync(site, "ann"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_membership_that_ends_while_the_form_is_open_is_not_renewed_by_its_save(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Editors", "ann", Start.AddHours(1));
        await site.GrantUntilAsync("ann", "blog.add_comment", Start.AddHours(1));
        var root = await site.SignedInAsync("root");
        var path = $"/admin/users/{ann.Id}";
        var stale = UserForm(await root.GetAsync(path), path);

        clock.Advance(TimeSpan.FromHours(2));
        var saved = await root.FollowAsync(await root.PostAsync(path, null, stale.With("FirstName", "Ann")));
        Assert.Equal("The user “ann” was changed successfully. Ended while the page was open, so not renewed: Editors, blog.add_comment.", saved.Success);
        Assert.Empty(await HoldingsAsync(site, "ann"));

        // Chosen again on a page shown after the end, it is given again.
        var again = await root.PostAsync(path, null,
            [.. UserForm(await root.GetAsync(path), path).Fields, ("GroupIds", (await site.GroupIdAsync("Editors")).ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal(["Editors"], await HoldingsAsync(site, "ann"));
    }

    private static HtmlForm UserForm(Page page, string path) =>
        HtmlForm.Parse(page.Html, path).Single(f => f.Names.Contains("UserName"));

    /// <summary>The error shown under the field named <paramref name="name"/>, decoded.</summary>
    private static string? FieldError(Page page, string name) =>
        Regex.Match(page.Html, $"<div class=\"invalid-feedback\" id=\"id_{name}_error\">([^<]*)</div>") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : null;

    /// <summary>The user's memberships and direct grants held now, with their ends, sorted.</summary>
    private static Task<List<string>> HoldingsAsync(AdminSite site, string userName) => site.QueryAsync(async db =>
    {
        var groups = await db.UserRoles.Where(m => db.Users.Any(u => u.Id == m.UserId && u.UserName == userName))
            .Select(m => new { Name = db.Roles.Where(r => r.Id == m.RoleId).Select(r => r.Name!).First(), m.ExpiresAt }).ToListAsync();
        var grants = await db.UserPermissions.Where(g => g.User.UserName == userName)
            .Select(g => new { Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename, g.ExpiresAt }).ToListAsync();
        return groups.Concat(grants)
            .Select(h => h.ExpiresAt is { } end ? $"{h.Name} until {end.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}" : h.Name)
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
    });

    private static string Panel(Page page) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(
            Regex.Match(page.Html, "<section class=\"card\" aria-labelledby=\"effective-title\".*?</section>", RegexOptions.Singleline).Value,
            "<[^>]+>", " ")), @"\s+", " ");
}
