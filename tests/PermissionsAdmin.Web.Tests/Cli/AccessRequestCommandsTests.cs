using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

/// <summary>
/// <c>groups requestable|not-requestable</c> and <c>requests list|approve|deny</c>: the CLI decides as the system,
/// through the service the site uses, so a group changed since the request is approved only with
/// <c>--confirm-changes</c>; bad input prints one <c>error:</c> line, exits 1 and changes nothing.
/// </summary>
public sealed class AccessRequestCommandsTests
{
    // In the future of the machine's clock as well, so that the site's cookies are good at every step.
    private static readonly DateTimeOffset Start = new(2031, 2, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly string Cli = $"cli ({Environment.UserName})";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Requests_are_listed_approved_and_denied_from_the_cli(DatabaseKind kind)
    {
        var (site, clock) = await StartAsync(kind);
        await using var _ = site;
        var db = site.Database;
        var requestable = await Manage.SucceedAsync(db, clock, "groups", "requestable", "Writers", "--approver-group", "Leads", "--max", "7d", "--justification-required");
        Assert.Equal(["Group 'Writers' is requestable by everyone; approved by members of Leads (1 needed); at most 7d; justification required."], requestable.OutLines);
        var bobs = await RequestAsync(site, "bob", "The launch post.", "8h");
        clock.Advance(TimeSpan.FromMinutes(5));
        var carols = await RequestAsync(site, "carol", "To help.\nFor a day.", "1d");

        Assert.Equal(
            [
                $"{bobs}\tbob\tWriters\tpending\t8h\trequested 2031-02-03 09:00 UTC\tThe launch post.",
                $"{carols}\tcarol\tWriters\tpending\t1d\trequested 2031-02-03 09:05 UTC\tTo help. For a day.",
            ],
            (await Manage.SucceedAsync(db, clock, "requests", "list")).OutLines);

        var approved = await Manage.SucceedAsync(db, clock, "requests", "approve", $"{bobs}", "--comment", "For the day.");
        Assert.Equal([$"Approved request {bobs}: 'bob' is in group 'Writers' until 2031-02-03 17:05 UTC."], approved.OutLines);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.add_post", clock));
        var denied = await Manage.SucceedAsync(db, clock, "requests", "deny", $"{carols}", "--comment", "Not now.");
        Assert.Equal([$"Denied request {carols} of 'carol' for group 'Writers'."], denied.OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.add_post", clock));
        Assert.Empty((await Manage.SucceedAsync(db, clock, "requests", "list")).OutLines);

        clock.Advance(TimeSpan.FromHours(8));
        Assert.Equal(
            [
                $"{carols}\tcarol\tWriters\tdenied\t1d\trequested 2031-02-03 09:05 UTC\tTo help. For a day.\tdecided 2031-02-03 09:05 UTC by {Cli}\tNot now.",
                $"{bobs}\tbob\tWriters\tapproved\t8h\trequested 2031-02-03 09:00 UTC\tThe launch post.\tdecided 2031-02-03 09:05 UTC by {Cli}\tended 2031-02-03 17:05 UTC\tFor the day.",
            ],
            (await Manage.SucceedAsync(db, clock, "requests", "list", "--all")).OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "bob", "blog.add_post", clock));

        Assert.Equal(["Group 'Writers' is not requestable."], (await Manage.SucceedAsync(db, clock, "groups", "not-requestable", "Writers")).OutLines);
        var carol = await ApiClient.SignedInAsync(site, "carol");
        Assert.DoesNotContain((await carol.GetAsync("/api/v1/me/requestable-groups")).Json.EnumerateArray(), g => g.GetProperty("name").GetString() == "Writers");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_group_changed_since_the_request_is_approved_only_with_confirm_changes(DatabaseKind kind)
    {
        var (site, clock) = await StartAsync(kind);
        await using var _ = site;
        var db = site.Database;
        await Manage.SucceedAsync(db, clock, "groups", "requestable", "Writers", "--approver-permission", "auth.change_group", "--approvals", "1");
        var bobs = await RequestAsync(site, "bob", "", null);
        await Manage.SucceedAsync(db, clock, "groups", "grant", "Writers", "blog.view_post");

        Assert.Equal([$"{bobs}\tbob\tWriters\tpending\tfor good\trequested 2031-02-03 09:00 UTC\t-\tgroup changed since: now adds blog.view_post; no longer -"],
            (await Manage.SucceedAsync(db, clock, "requests", "list")).OutLines);
        await AssertRefusedAsync(db, clock,
            "The group 'Writers' changed since the request (now adds: blog.view_post; no longer: -). Look at it again before approving.",
            "requests", "approve", $"{bobs}");
        Assert.DoesNotContain("Writers", await site.GroupsOfAsync("bob"));

        var approved = await Manage.SucceedAsync(db, clock, "requests", "approve", $"{bobs}", "--confirm-changes");
        Assert.Equal([$"Approved request {bobs}: 'bob' is in group 'Writers' for good."], approved.OutLines);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.view_post", clock));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_an_error_line_and_changes_nothing(DatabaseKind kind)
    {
        var (site, clock) = await StartAsync(kind);
        await using var _ = site;
        var db = site.Database;
        await Manage.SucceedAsync(db, clock, "groups", "requestable", "Writers", "--approver-group", "Leads");
        var bobs = await RequestAsync(site, "bob", "why", "1d");
        var carols = await RequestAsync(site, "carol", "why", "1d");
        await Manage.SucceedAsync(db, clock, "requests", "deny", $"{carols}");
        var before = await DatabaseSnapshot.TakeAsync(db);

        foreach (var (message, args) in new (string, string[])[]
        {
            ("'abc' is not a request id: give the number 'requests list' shows.", ["requests", "approve", "abc"]),
            ("'12a' is not a request id: give the number 'requests list' shows.", ["requests", "deny", "12a"]),
            ("No access request with id 999999.", ["requests", "approve", "999999"]),
            ("No access request with id 999999.", ["requests", "deny", "999999"]),
            ("This request is already denied.", ["requests", "approve", $"{carols}"]),
            ("Keep it under 1001 characters.", ["requests", "approve", $"{bobs}", "--comment", new string('x', 1001)]),
            ("Keep it under 1001 characters.", ["requests", "deny", $"{bobs}", "--comment", new string('x', 1001)]),
            ("No group named 'Nobody'.", ["groups", "requestable", "Nobody", "--approver-group", "Leads"]),
            ("No group named 'Nobody'.", ["groups", "requestable", "Writers", "--approver-group", "Nobody"]),
            ("No group named 'Nobody'.", ["groups", "not-requestable", "Nobody"]),
            ("Name who approves: a group, a permission or both.", ["groups", "requestable", "Writers"]),
            ("Unknown permission 'blog.nope'.", ["groups", "requestable", "Writers", "--approver-permission", "blog.nope"]),
            ("Unknown permission 'blog.nope'.", ["groups", "requestable", "Writers", "--approver-group", "Leads", "--request-permission", "blog.nope"]),
            ("--max takes a positive number of minutes, hours or days, such as 30m, 8h or 7d; not '1w'.",
                ["groups", "requestable", "Writers", "--approver-group", "Leads", "--max", "1w"]),
            ("--approvals takes a number from 1 to 10; not 'two'.", ["groups", "requestable", "Writers", "--approver-group", "Leads", "--approvals", "two"]),
            ("Approvals needed must be from 1 to 10.", ["groups", "requestable", "Writers", "--approver-group", "Leads", "--approvals", "0"]),
        })
        {
            await AssertRefusedAsync(db, clock, message, args);
        }
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(db));
    }

    /// <summary>
    /// A site where Writers (blog.add_post) can be made requestable with Leads approving, and bob and carol, who ask
    /// through the API.
    /// </summary>
    private static async Task<(AdminSite Site, SettableClock Clock)> StartAsync(DatabaseKind kind)
    {
        var clock = new SettableClock(Start);
        var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await site.CreateGroupAsync("Writers", "blog.add_post");
        await site.CreateGroupAsync("Leads");
        await site.CreateUserAsync("bob");
        await site.CreateUserAsync("carol");
        return (site, clock);
    }

    private static async Task<int> RequestAsync(AdminSite site, string userName, string justification, string? duration)
    {
        var requester = await ApiClient.SignedInAsync(site, userName);
        var created = await requester.PostAsync("/api/v1/me/access-requests",
            new { groupId = await site.GroupIdAsync("Writers"), justification, duration });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Json.GetProperty("id").GetInt32();
    }

    private static async Task AssertRefusedAsync(TestDatabase db, TimeProvider clock, string message, params string[] args)
    {
        var result = await Manage.RunAsync(db, clock, args);

        var command = string.Join(' ', args);
        Assert.True(result.ExitCode == 1 && result.Out == "", $"'{command}' should exit 1 printing nothing on stdout:\n{result}");
        Assert.Equal([$"error: {message}"], result.ErrLines);
    }
}
