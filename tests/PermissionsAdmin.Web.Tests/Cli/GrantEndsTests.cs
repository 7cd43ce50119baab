using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

/// <summary>
/// <c>groups add-member</c> and <c>users grant</c> with <c>--until</c> (a moment) or <c>--for</c> (a while from now by
/// the app's clock): held until then and not from then on; a bad end prints one <c>error:</c> line and changes nothing.
/// </summary>
public sealed class GrantEndsTests
{
    private static readonly DateTimeOffset Start = new(2031, 2, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_grant_for_8h_ends_8_hours_after_the_apps_clock_and_a_membership_at_its_until(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = new SettableClock(Start);
        await Manage.SucceedAsync(db, clock, "users", "create", "carol");

        var granted = await Manage.SucceedAsync(db, clock, "users", "grant", "carol", "blog.publish_post", "--for", "8h");
        var added = await Manage.SucceedAsync(db, clock, "groups", "add-member", "Editors", "carol", "--until", "2031-02-03T12:30+01:00");
        await Manage.SucceedAsync(db, clock, "users", "grant", "carol", "blog.add_comment", "--until", "2031-02-04T09:00Z");
        await Manage.SucceedAsync(db, clock, "users", "grant", "carol", "blog.add_comment", "--for", "7d"); // a new end for a held grant

        Assert.Equal(["Granted blog.publish_post to 'carol' until 2031-02-03 17:00 UTC."], granted.OutLines);
        Assert.Equal(["Added 'carol' to group 'Editors' until 2031-02-03 11:30 UTC."], added.OutLines);
        Assert.Equal(
            [("blog.add_comment", Start.AddDays(7).UtcDateTime), ("blog.publish_post", Start.AddHours(8).UtcDateTime)],
            await TestSite.QueryAsync(db, async c => (await c.UserPermissions.Where(g => g.User.UserName == "carol")
                .Select(g => new { g.Permission.Codename, g.ExpiresAt }).ToListAsync())
                .Select(g => ("blog." + g.Codename, g.ExpiresAt)).Order().ToList()));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.change_post", clock)); // through Editors

        clock.Now = Start.AddHours(2.5);
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.change_post", clock));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.publish_post", clock));

        clock.Now = Start.AddHours(8).AddSeconds(-1);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.publish_post", clock));
        clock.Now = Start.AddHours(8);
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.publish_post", clock));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.add_comment", clock));

        var again = await Manage.SucceedAsync(db, clock, "groups", "add-member", "Editors", "carol", "--for", "30m");
        Assert.Equal(["Added 'carol' to group 'Editors' until 2031-02-03 17:30 UTC."], again.OutLines);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.change_post", clock));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_or_past_end_is_refused_and_changes_nothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = new SettableClock(Start);
        await Manage.SucceedAsync(db, clock, "users", "create", "carol");
        await Manage.SucceedAsync(db, clock, "users", "grant", "carol", "blog.view_post");
        const string Until = "--until takes a moment in ISO 8601 with its offset, such as 2026-12-31T18:00Z";
        const string For = "--for takes a positive number of minutes, hours or days, such as 30m, 8h or 7d";
        var before = await AccountsSnapshot.TakeAsync(db);

        foreach (var (end, message) in new[]
        {
            (new[] { "--until", "tomorrow" }, $"{Until}; not 'tomorrow'."),
            (["--until", "2031-02-03T18:00"], $"{Until}; not '2031-02-03T18:00'."), // no offset: the server's time zone would decide
            (["--until", "2031-02-03T08:00Z"], "The expiry must be in the future."),
            (["--for", "8"], $"{For}; not '8'."),
            (["--for", "8w"], $"{For}; not '8w'."),
            (["--for", "0h"], $"{For}; not '0h'."),
            (["--for", "999999999999d"], $"{For}; not '999999999999d'."),
            (["--for", "8h", "--until", "2031-02-04T09:00Z"], "Give --until or --for, not both."),
        })
        {
            await AssertRefusedAsync(db, clock, message, ["groups", "add-member", "Editors", "carol", .. end]);
            await AssertRefusedAsync(db, clock, message, ["users", "grant", "carol", "blog.add_post", .. end]);
            await AssertRefusedAsync(db, clock, message, ["users", "grant", "carol", "blog.view_post", .. end]); // held: its end unchanged
        }
        // Each refusal would have left its change and its audit entry behind.
        Assert.Equal(before, await AccountsSnapshot.TakeAsync(db));
    }

    private static async Task AssertRefusedAsync(TestDatabase db, TimeProvider clock, string message, string[] args)
    {
        var result = await Manage.RunAsync(db, clock, args);

        var command = string.Join(' ', args);
        Assert.True(result.ExitCode == 1 && result.Out == "", $"'{command}' should exit 1 printing nothing on stdout:\n{result}");
        Assert.Equal([$"error: {message}"], result.ErrLines);
    }
}
