using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>/admin/users: search, filters, sorting, pagination and the bulk actions.</summary>
public sealed class UserListTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_word_of_the_search_must_appear_somewhere_in_a_field(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true, email: "root@admin.test");
        await NameAsync(site, await site.CreateUserAsync("asmith", email: "anna@example.com"), "Anna", "Smith");
        await NameAsync(site, await site.CreateUserAsync("bjones", email: "bob@example.com"), "Bob", "Smithers");
        await NameAsync(site, await site.CreateUserAsync("cwhite", email: "carla@mail.test"), "Carla", "White");
        await NameAsync(site, await site.CreateUserAsync("dsmithy", email: "dave@example.com"), "Dave", "Goldsmith");
        var browser = await site.SignedInAsync("root");

        async Task<List<string>> Search(string q) => (await browser.GetAsync("/admin/users?q=" + Uri.EscapeDataString(q))).UserRows;

        Assert.Equal(["asmith", "bjones", "dsmithy"], await Search("smith"));  // anywhere: "Goldsmith", "dsmithy"
        Assert.Equal(["asmith"], await Search("SMITH anna"));                 // every word, any field, any case
        Assert.Equal(["bjones"], await Search("smith bob"));
        Assert.Empty(await Search("smith carla"));                            // one word matches nobody's field together with the other
        Assert.Equal(["cwhite"], await Search("carla@mail"));
        Assert.Equal(["cwhite"], await Search("mail.test"));                  // an e-mail's middle
        Assert.Equal(["asmith", "bjones", "dsmithy"], await Search("example.com"));
        Assert.Equal(["dsmithy"], await Search("ldsm"));                      // inside a last name
        Assert.Equal(["bjones"], await Search("es ob"));                      // words shorter than a trigram too
        Assert.Empty(await Search("%"));                                      // a LIKE wildcard is a plain character
        Assert.Empty(await Search("\"smith\""));                             // and a quote is a quote
        Assert.Equal(["asmith", "bjones", "cwhite", "dsmithy", "root"], await Search("   "));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Filters_narrow_the_list_and_keep_the_search(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("staffer");
        var idle = await site.CreateUserAsync("idle");
        await site.InScopeAsync(s => s.GetRequiredService<UserAdministration>().SetActiveAsync(idle, false));
        await site.CreateUserAsync("editor");
        await site.AddMemberAsync("Editors", "editor");
        var editors = await site.GroupIdAsync("Editors");
        var browser = await site.SignedInAsync("root");

        Assert.Equal(["root", "staffer"], (await browser.GetAsync("/admin/users?staff=true")).UserRows);
        Assert.Equal(["editor", "idle"], (await browser.GetAsync("/admin/users?staff=false")).UserRows);
        Assert.Equal(["root"], (await browser.GetAsync("/admin/users?superuser=true")).UserRows);
        Assert.Equal(["idle"], (await browser.GetAsync("/admin/users?active=false")).UserRows);
        Assert.Equal(["editor"], (await browser.GetAsync($"/admin/users?group={editors}")).UserRows);
        Assert.Equal(["staffer"], (await browser.GetAsync("/admin/users?staff=true&q=sta")).UserRows);
        var filtered = await browser.GetAsync("/admin/users?staff=true&q=sta");
        Assert.Contains("name=\"staff\" value=\"true\"", filtered.Html); // the search form keeps the filter
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pagination_over_120_users_shows_each_user_once_without_counting_the_table(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.AddUsersAsync(Enumerable.Range(0, 120).Select(i => ($"user{i:000}", (string?)null)));
        var browser = await site.SignedInAsync("root");

        var pages = await WalkAsync(browser, "/admin/users?sort=-username");

        Assert.Equal([50, 50, 21], pages.Select(p => p.Count));
        var seen = pages.SelectMany(p => p).ToList();
        Assert.Equal(121, seen.Count);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.OrderByDescending(n => n, StringComparer.Ordinal), seen);
        // A cursor that is not one the list wrote means the first page, never an error.
        Assert.Equal(pages[0], (await browser.GetAsync("/admin/users?sort=-username&after=nonsense")).UserRows);
        Assert.Equal(pages[0], (await browser.GetAsync("/admin/users?sort=-username&before=x12&after=-1")).UserRows);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_search_matching_over_a_thousand_is_counted_where_its_index_holds_the_matches_and_paged_in_order(DatabaseKind kind)
    {
        var queries = new QueryCounter { KeepsCommands = true };
        await using var site = await AdminSite.StartAsync(kind, builder => builder.CountQueries(queries));
        await site.CreateUserAsync("root", superuser: true);
        // More than are read by id (UserSearch.ByIdLimit), fewer than are fetched and sorted (SortLimit); and after them
        // in user-name order, more users than are walked for so many matches (twice as many as a page of them should take).
        await site.AddUsersAsync(Enumerable.Range(0, 1_010).Select(i => ($"member{i:0000}", (string?)$"m{i}@example.com")));
        await site.AddUsersAsync(Enumerable.Range(0, 300).Select(i => ($"zz{i:000}", (string?)null)));
        var browser = await site.SignedInAsync("root");
        // Users read by an array of ids (SQLite's json_each, PostgreSQL's ANY), whole, and sorted after the OFFSET fence.
        static bool FetchesWholeById(string sql) => sql.Contains("OFFSET", StringComparison.Ordinal)
            && (sql.Contains("json_each", StringComparison.Ordinal) || sql.Contains("ANY (", StringComparison.Ordinal));

        queries.Reset();
        var first = await browser.GetAsync("/admin/users?q=member");
        // The matches' ids are read from the search's index alone (SQLite's FTS5 table, PostgreSQL's search table), not
        // a user row per match, so the count goes on to the limit.
        Assert.Contains("1,010 results (1,311 total)", first.Html);
        var read = Assert.Single(queries.Texts(), c => c.Contains("\"AspNetUsers_search\"", StringComparison.Ordinal));
        Assert.DoesNotContain("FROM \"AspNetUsers\"", read, StringComparison.Ordinal);
        // So many, and at the start of the order: the page is found by walking it, not by fetching every match.
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"member{i:0000}"), first.UserRows);
        Assert.DoesNotContain(queries.Texts(), FetchesWholeById);

        // Far along the order: after a short walk, the page fetches those users by id and sorts them (an OFFSET keeps the
        // planner from walking the sort order's index, which reads nearly every user when the matches sit far along it).
        queries.Reset();
        var last = await browser.GetAsync("/admin/users?q=member&sort=-username");
        Assert.Equal(Enumerable.Range(960, 50).Select(i => $"member{i:0000}").Reverse(), last.UserRows);
        Assert.Contains(queries.Texts(), sql => Searches(sql) && sql.Contains("\"NormalizedUserName\" DESC", StringComparison.Ordinal));
        Assert.Contains(queries.Texts(), sql => FetchesWholeById(sql) && sql.Contains("\"NormalizedUserName\" DESC", StringComparison.Ordinal));
        // Words too short for the index are checked on every row: counted no further than a page reads by id.
        Assert.Contains("more than 1,000 results (1,311 total)", (await browser.GetAsync("/admin/users?q=er")).Html);
        var seen = (await WalkAsync(browser, "/admin/users?q=member&sort=-username")).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 1_010).Select(i => $"member{i:0000}").Reverse(), seen);
        seen = (await WalkAsync(browser, "/admin/users?q=member&sort=username")).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 1_010).Select(i => $"member{i:0000}"), seen);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_search_with_a_filter_reads_its_matches_once_for_the_count_and_the_page(DatabaseKind kind)
    {
        var queries = new QueryCounter { KeepsCommands = true };
        await using var site = await AdminSite.StartAsync(kind, builder => builder.CountQueries(queries));
        await site.CreateUserAsync("root", superuser: true);
        // More inactive matches than are read by id (UserSearch.ByIdLimit), among active ones of the same name.
        await site.AddUsersAsync(Enumerable.Range(0, 1_030).Select(i => ($"member{i:0000}", (string?)null)));
        var inactive = Enumerable.Range(0, 1_010).Select(i => $"member{i:0000}").ToList();
        await site.InScopeAsync(s => s.GetRequiredService<AppDbContext>().Users
            .Where(u => inactive.Contains(u.UserName!)).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));
        var browser = await site.SignedInAsync("root");

        queries.Reset();
        var first = await browser.GetAsync("/admin/users?active=false&q=member&sort=-username");
        Assert.Equal(Enumerable.Range(960, 50).Select(i => $"member{i:0000}").Reverse(), first.UserRows);
        // The search's index hands back its matches and the filter's index is looked up for each: their ids are read
        // once, up to the sort limit, and are both the exact count and the page.
        Assert.Contains("1,010 results (1,031 total)", first.Html);
        Assert.Single(queries.Texts(), c => c.Contains("\"AspNetUsers_search\"", StringComparison.Ordinal));
        var seen = (await WalkAsync(browser, "/admin/users?active=false&q=member&sort=-username")).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 1_010).Select(i => $"member{i:0000}").Reverse(), seen);

        // As many as a page reads by id, on either database: the one reading of the search counts them and makes the page.
        queries.Reset();
        var few = await browser.GetAsync("/admin/users?active=false&q=member0");
        Assert.Contains("1,000 results (1,031 total)", few.Html);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"member{i:0000}"), few.UserRows);
        Assert.Single(queries.Texts(), c => c.Contains("MATCH", StringComparison.Ordinal) || c.Contains("LIKE", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Beyond_the_count_a_page_is_walked_for_in_order_and_matches_that_sit_far_along_it_are_fetched_whole(DatabaseKind kind)
    {
        var queries = new QueryCounter { KeepsCommands = true };
        await using var site = await AdminSite.StartAsync(kind, builder =>
        {
            builder.Configuration["PermissionsAdmin:ExactCountLimit"] = "5";
            builder.CountQueries(queries);
        });
        await site.CreateUserAsync("root", superuser: true);
        // More users than a page is walked for (UserSearch.WalkLimit) come before the few "zulu" ones in user-name order;
        // one in 150 of them is "sparse", too few for a page among the first 5,000.
        static string Alpha(int i) => i % 150 == 0 ? $"alpha{i:0000}sparse" : $"alpha{i:0000}";
        await site.AddUsersAsync(Enumerable.Range(0, 5_100).Select(i => (Alpha(i), (string?)null)));
        await site.AddUsersAsync(Enumerable.Range(0, 60).Select(i => ($"zulu{i:00}", (string?)null)));
        var browser = await site.SignedInAsync("root");

        // Spread along the order: the page is found by walking it, and the matches are never fetched whole.
        queries.Reset();
        var spread = await browser.GetAsync("/admin/users?q=lpha");
        Assert.Contains("more than 5 results", spread.Html);
        Assert.Equal(Enumerable.Range(0, 50).Select(Alpha), spread.UserRows);
        Assert.DoesNotContain(queries.Texts(), sql => Searches(sql) && sql.Contains("OFFSET", StringComparison.Ordinal));

        // Spread thinly: the few found in the first stretch say how much further to walk, and that is walked.
        queries.Reset();
        var sparse = await browser.GetAsync("/admin/users?q=sparse");
        Assert.Equal(Enumerable.Range(0, 5_100).Where(i => i % 150 == 0).Select(Alpha), sparse.UserRows);
        Assert.DoesNotContain(queries.Texts(), sql => Searches(sql) && sql.Contains("OFFSET", StringComparison.Ordinal));

        // Together past the walk's reach: fetched whole from the cursor and sorted, rather than walked to.
        queries.Reset();
        var far = await browser.GetAsync("/admin/users?q=zulu");
        Assert.Contains("more than 5 results", far.Html);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"zulu{i:00}"), far.UserRows);
        Assert.Contains(queries.Texts(), sql => Searches(sql) && sql.Contains("OFFSET", StringComparison.Ordinal));
        var seen = (await WalkAsync(browser, "/admin/users?q=zulu&sort=username")).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"zulu{i:00}"), seen);
        seen = (await WalkAsync(browser, "/admin/users?q=zulu&sort=superuser")).SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"zulu{i:00}"), seen);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keyset_pages_run_through_every_column_order_both_ways_with_ties_and_missing_values(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true, email: "root@admin.test");
        // Every third user has no e-mail, and users share e-mails and sign-in times, so ties fall to the id.
        await site.AddUsersAsync(Enumerable.Range(0, 110).Select(i => ($"u{i:000}", i % 3 == 0 ? null : $"u{i:000}@example.com")));
        var signedIn = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await site.QueryAsync(async db =>
        {
            // Shared e-mails, as from before they had to be unique: only the database takes them now.
            foreach (var user in await db.Users.Where(u => u.Email != null && u.Email.EndsWith("@example.com")).ToListAsync())
            {
                user.Email = $"shared{int.Parse(user.UserName![1..], System.Globalization.CultureInfo.InvariantCulture) % 7}@example.com";
                user.NormalizedEmail = user.Email.ToUpperInvariant();
            }
            foreach (var user in await db.Users.Where(u => u.Id % 2 == 0).ToListAsync()) user.LastLogin = signedIn.AddHours(user.Id % 5);
            // Shared names (and some users with none), and each flag set on a different share of the users.
            foreach (var user in await db.Users.Where(u => u.UserName != "root").ToListAsync())
            {
                if (user.Id % 4 != 0) user.FirstName = $"first{user.Id % 6}";
                user.LastName = $"last{user.Id % 9}";
                user.IsStaff = user.Id % 3 == 0;
                user.IsActive = user.Id % 10 != 0;
                user.IsSuperuser = user.Id % 50 == 0;
            }
            return await db.SaveChangesAsync();
        });
        var browser = await site.SignedInAsync("root");
        var all = await site.QueryAsync(db => db.Users
            .Select(u => new { u.Id, u.UserName, u.NormalizedEmail, u.LastLogin, u.FirstName, u.LastName, u.IsStaff, u.IsActive, u.IsSuperuser })
            .ToListAsync());

        foreach (var (sort, key) in new (string, Func<int, object?>)[]
        {
            ("email", id => all.Single(u => u.Id == id).NormalizedEmail),
            ("lastlogin", id => all.Single(u => u.Id == id).LastLogin),
            ("firstname", id => all.Single(u => u.Id == id).FirstName),
            ("lastname", id => all.Single(u => u.Id == id).LastName),
            ("staff", id => all.Single(u => u.Id == id).IsStaff),
            ("active", id => all.Single(u => u.Id == id).IsActive),
            ("superuser", id => all.Single(u => u.Id == id).IsSuperuser),
        })
        {
            // Users without the key come last going up and first going down.
            var byId = all.Select(u => u.Id).ToList();
            var up = byId.Where(id => key(id) is not null).OrderBy(key, Comparer<object?>.Create(CompareKeys)).ThenBy(id => id)
                .Concat(byId.Where(id => key(id) is null).Order()).Select(id => all.Single(u => u.Id == id).UserName!).ToList();
            foreach (var (query, expected) in new[] { (sort, up), ("-" + sort, Enumerable.Reverse(up).ToList()) })
            {
                var pages = await WalkAsync(browser, "/admin/users?sort=" + query);
                Assert.Equal(expected, pages.SelectMany(p => p).ToList());
            }
        }
    }

    /// <summary>
    /// Follows Next from <paramref name="url"/> to the last page, then Previous back to the first, checking that each
    /// page reads the same both ways; returns the pages' user names.
    /// </summary>
    /// <summary>A statement that searches: LIKE on PostgreSQL (and short words on SQLite), MATCH on SQLite's FTS5 table.</summary>
    private static bool Searches(string sql) => sql.Contains("LIKE", StringComparison.Ordinal) || sql.Contains("MATCH", StringComparison.Ordinal);

    private static async Task<List<List<string>>> WalkAsync(AdminBrowser browser, string url)
    {
        var pages = new List<List<string>>();
        var page = await browser.GetAsync(url);
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            pages.Add(page.UserRows);
            if (Link(page, "next") is not { } next) break;
            Assert.Contains("sort=", next);
            Assert.True(pages.Count < 40, $"Next keeps going after {pages.Count} pages: {next}");
            page = await browser.GetAsync(next);
        }
        for (var back = pages.Count - 2; back >= 0; back--)
        {
            page = await browser.GetAsync(Link(page, "prev") ?? throw new Xunit.Sdk.XunitException($"No Previous link on page {back + 2}."));
            Assert.Equal(pages[back], page.UserRows);
        }
        Assert.Null(Link(page, "prev"));
        return pages;
    }

    private static string? Link(Page page, string rel) =>
        Regex.Match(page.Html, $"rel=\"{rel}\" href=\"([^\"]+)\"") is { Success: true } m
            ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)
            : null;

    private static int CompareKeys(object? a, object? b) => a is string x && b is string y
        ? string.CompareOrdinal(x, y)
        : Comparer<object?>.Default.Compare(a, b);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sorting_by_each_column_is_stable(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true, email: "z@example.com");
        await site.CreateUserAsync("bea", email: "a@example.com");
        await site.CreateUserAsync("abe", email: "b@example.com");
        var browser = await site.SignedInAsync("root");

        Assert.Equal(["abe", "bea", "root"], (await browser.GetAsync("/admin/users?sort=username")).UserRows);
        Assert.Equal(["root", "bea", "abe"], (await browser.GetAsync("/admin/users?sort=-username")).UserRows);
        Assert.Equal(["bea", "abe", "root"], (await browser.GetAsync("/admin/users?sort=email")).UserRows);
        Assert.Equal(["root", "bea", "abe"], (await browser.GetAsync("/admin/users?sort=joined")).UserRows);
        Assert.Equal(["abe", "bea", "root"], (await browser.GetAsync("/admin/users?sort=-joined")).UserRows);
        // Only root has signed in; where users who never did go depends on the database's NULL ordering.
        Assert.Equal(3, (await browser.GetAsync("/admin/users?sort=lastlogin")).UserRows.Distinct().Count());
        Assert.Equal(3, (await browser.GetAsync("/admin/users?sort=-lastlogin")).UserRows.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Counts_are_exact_up_to_the_limit_then_a_lower_bound_and_the_databases_estimate(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Configuration["PermissionsAdmin:ExactCountLimit"] = "5");
        await site.CreateUserAsync("root", superuser: true);
        await site.AddUsersAsync([("ann", null), ("ben", null)]);
        var browser = await site.SignedInAsync("root");

        async Task<string> CountOf(string url)
        {
            var html = Regex.Match((await browser.GetAsync(url)).Html, "id=\"result-count\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value;
            return Regex.Replace(Regex.Replace(html, "<[^>]+>", ""), "\\s+", " ").Trim();
        }

        Assert.Equal("3 users", await CountOf("/admin/users"));
        Assert.Equal("1 result (3 total) Show all", await CountOf("/admin/users?q=ann"));
        Assert.Equal("0 results (3 total) Show all", await CountOf("/admin/users?q=nobody"));
        Assert.Equal("2 results (3 total) Show all", await CountOf("/admin/users?superuser=false"));

        await site.AddUsersAsync(Enumerable.Range(0, 5).Select(i => ($"user{i}", (string?)null)));
        if (kind == DatabaseKind.PostgreSql)
        {
            // Before the table was ever analyzed, PostgreSQL has no estimate: the list says only "more than".
            Assert.Equal("more than 5 users", await CountOf("/admin/users"));
            await site.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ANALYZE \"AspNetUsers\""));
        }
        Assert.Equal("about 8 users", await CountOf("/admin/users"));
        Assert.Equal("more than 5 results (about 8 total) Show all", await CountOf("/admin/users?active=true"));
        // Past the limit the page is read another way (walking the list's order): still every match, in order.
        Assert.Equal(["ann", "ben", "root", "user0", "user1", "user2", "user3", "user4"], (await browser.GetAsync("/admin/users?active=true")).UserRows);
        Assert.Equal(["ann", "ben", "user0", "user1", "user2", "user3", "user4"], (await browser.GetAsync("/admin/users?superuser=false")).UserRows);
        Assert.Equal("1 result (about 8 total) Show all", await CountOf("/admin/users?q=user3"));
        // A group alone is counted by its memberships.
        await site.AddMemberAsync("Editors", "ann");
        await site.AddMemberAsync("Editors", "user1");
        Assert.Equal("2 results (about 8 total) Show all", await CountOf($"/admin/users?group={await site.GroupIdAsync("Editors")}"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Select_all_acts_on_every_matching_user_not_only_the_page(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.AddUsersAsync(Enumerable.Range(0, 60).Select(i => ($"member{i:00}", (string?)null)));
        await site.AddUsersAsync([("outsider", null)]);
        var browser = await site.SignedInAsync("root");

        var list = await browser.GetAsync("/admin/users?q=member");
        Assert.Equal(50, list.UserRows.Count);
        Assert.Contains(">Select all 60 users</button>", list.Html);
        Assert.DoesNotContain("data-select-across", (await browser.GetAsync("/admin/users?q=member0")).Html); // all on the page

        var deactivated = await browser.FollowAsync(await browser.SubmitAsync("/admin/users?q=member", "/admin/users/action",
            ("action", "deactivate"), ("selectAcross", "true"), ("q", "member")));
        Assert.Equal("Deactivated 60 users.", deactivated.Success);
        Assert.Equal(60, await site.QueryAsync(db => db.Users.CountAsync(u => !u.IsActive)));
        Assert.True((await site.FindUserAsync("outsider"))!.IsActive);

        // More than can be acted on at once: refused, nothing changed.
        await site.AddUsersAsync(Enumerable.Range(0, 1_000).Select(i => ($"bulk{i:0000}", (string?)null)));
        var before = await site.SnapshotAsync();
        var refused = await browser.FollowAsync(await browser.SubmitAsync("/admin/users", "/admin/users/action",
            ("action", "activate"), ("selectAcross", "true")));
        Assert.Contains("More than 1,000 users match", refused.Errors);
        Assert.DoesNotContain("data-select-across", (await browser.GetAsync("/admin/users")).Html);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bulk_actions_add_to_and_remove_from_a_group_deactivate_and_activate(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        var ben = await site.CreateUserAsync("ben");
        var editors = await site.GroupIdAsync("Editors");
        var browser = await site.SignedInAsync("root");
        var ids = new[] { ("ids", (string?)ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", ben.Id.ToString(CultureInfo.InvariantCulture)) };

        async Task<Page> Act(string action, params (string, string?)[] extra) =>
            await browser.FollowAsync(await browser.SubmitAsync("/admin/users", "/admin/users/action",
                [("action", action), ("returnUrl", "/admin/users?q=b"), .. ids, .. extra]));

        var added = await Act("add_to_group", ("groupId", editors.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal("Added 2 users to group “Editors”.", added.Success);
        Assert.Equal(["Editors"], await site.GroupsOfAsync("ann"));
        Assert.Equal(["Editors"], await site.GroupsOfAsync("ben"));
        Assert.Equal(["ben"], added.UserRows); // back on the list as it was (?q=b)

        Assert.Equal("Removed 2 users from group “Editors”.", (await Act("remove_from_group", ("groupId", editors.ToString(CultureInfo.InvariantCulture)))).Success);
        Assert.Empty(await site.GroupsOfAsync("ann"));

        Assert.Equal("Deactivated 2 users.", (await Act("deactivate")).Success);
        Assert.False((await site.FindUserAsync("ann"))!.IsActive);
        Assert.False((await site.FindUserAsync("ben"))!.IsActive);
        Assert.Equal("Activated 2 users.", (await Act("activate")).Success);
        Assert.True((await site.FindUserAsync("ben"))!.IsActive);

        var noGroup = await Act("add_to_group");
        Assert.Contains("Choose a group for this action.", noGroup.Errors);
        var nothingSelected = await browser.FollowAsync(await browser.SubmitAsync("/admin/users", "/admin/users/action", ("action", "activate")));
        Assert.Contains("Select one or more users", nothingSelected.Errors);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bulk_delete_goes_through_a_confirmation_listing_the_users_and_what_they_hold(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann", permissions: ["blog.add_post", "blog.view_post"]);
        var ben = await site.CreateUserAsync("ben");
        await site.AddMemberAsync("Editors", "ann");
        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Data.AppDbContext>();
            var post = new Web.Blog.Post { Title = "Ann's" };
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            await services.GetRequiredService<ObjectPermissionAdministration>().AssignAsync("blog.change_post", ann, post);
            await services.GetRequiredService<TokenAdministration>().CreateAsync(ann.Id, "laptop", expiresAt: null);
        });
        var browser = await site.SignedInAsync("root");

        var confirm = await browser.SubmitAsync("/admin/users", "/admin/users/action",
            ("action", "delete"), ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", ben.Id.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Are you sure?", confirm.Html);
        // Groups, direct permissions, object permissions, access tokens: everything that goes with each user.
        Assert.Matches("<th scope=\"row\">ann\\s*</th>\\s*" + string.Concat(new[] { 1, 2, 1, 1 }.Select(n => $"<td class=\"text-end\">{n}</td>\\s*")), confirm.Html);
        Assert.Matches("<th scope=\"row\">ben\\s*</th>\\s*" + string.Concat(new[] { 0, 0, 0, 0 }.Select(n => $"<td class=\"text-end\">{n}</td>\\s*")), confirm.Html);
        Assert.NotNull(await site.FindUserAsync("ann")); // nothing deleted yet

        var deleted = await browser.PostAsync("/admin/users/delete", confirm.Token,
            ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", ben.Id.ToString(CultureInfo.InvariantCulture)), ("returnUrl", "/admin/users"));
        Assert.Equal("Deleted 2 users.", (await browser.FollowAsync(deleted)).Success);
        Assert.Null(await site.FindUserAsync("ann"));
        Assert.Null(await site.FindUserAsync("ben"));
        // Their audit entries stay.
        Assert.True(await site.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.ObjectRepr == "ann" && e.Action == PermissionsAdmin.Model.AuditAction.Deleted)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_bulk_action_changes_none_of_the_selected_users(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        var ben = await site.CreateUserAsync("ben");
        // A delegated admin who holds auth.change_user but not the Editors' permissions.
        await site.CreateStaffAsync("deputy", "auth.view_user", "auth.change_user", "auth.delete_user");
        var editors = await site.GroupIdAsync("Editors");
        var rootBrowser = await site.SignedInAsync("root");
        var deputy = await site.SignedInAsync("deputy");
        var before = await site.SnapshotAsync();

        var refused = await deputy.FollowAsync(await deputy.SubmitAsync("/admin/users", "/admin/users/action",
            ("action", "add_to_group"), ("groupId", editors.ToString(CultureInfo.InvariantCulture)), ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", ben.Id.ToString(CultureInfo.InvariantCulture))));
        Assert.Contains("You cannot add members to group 'Editors'", refused.Errors);
        Assert.Contains("No users were changed.", refused.Errors);

        // The last superuser among the selection: nobody is deactivated, not even the first ones.
        var lastSuperuser = await rootBrowser.FollowAsync(await rootBrowser.SubmitAsync("/admin/users", "/admin/users/action",
            ("action", "deactivate"), ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", ben.Id.ToString(CultureInfo.InvariantCulture)), ("ids", root.Id.ToString(CultureInfo.InvariantCulture))));
        Assert.Contains("last active superuser", lastSuperuser.Errors);

        // A delegated admin cannot delete a superuser: the whole deletion is refused.
        var confirm = await deputy.SubmitAsync("/admin/users", "/admin/users/action", ("action", "delete"), ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", root.Id.ToString(CultureInfo.InvariantCulture)));
        var deleteRefused = await deputy.PostAsync("/admin/users/delete", confirm.Token, ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)), ("ids", root.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, deleteRefused.Status);
        Assert.Contains("Only a superuser can", deleteRefused.Errors);

        Assert.Equal(before, await site.SnapshotAsync());
    }

    private static Task NameAsync(AdminSite site, PermissionsUser user, string first, string last) =>
        site.InScopeAsync(s => s.GetRequiredService<UserAdministration>()
            .UpdateAsync(user.Id, null, new UserEdit { FirstName = first, LastName = last }));
}
