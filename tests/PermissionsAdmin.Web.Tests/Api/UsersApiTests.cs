using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Api;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>/api/v1/users: permissions per endpoint, the user's lifecycle, groups and grants, ETags, bad input, paging.</summary>
public sealed class UsersApiTests
{
    private const string Unknown = "999999";

    /// <summary>Every users endpoint, "{id}" and "{group}" to fill in, and the permissions it needs; deleting comes last.</summary>
    private static readonly (HttpMethod Method, string Path, object? Body, string[] Permissions)[] Endpoints =
    [
        (HttpMethod.Get, "/api/v1/users", null, ["auth.view_user"]),
        (HttpMethod.Post, "/api/v1/users", new { userName = "newbie", password = AdminSite.Password }, ["auth.add_user", "auth.change_user"]),
        (HttpMethod.Get, "/api/v1/users/{id}", null, ["auth.view_user"]),
        (HttpMethod.Patch, "/api/v1/users/{id}", new { firstName = "Bobby" }, ["auth.change_user"]),
        (HttpMethod.Post, "/api/v1/users/{id}/deactivate", null, ["auth.change_user"]),
        (HttpMethod.Post, "/api/v1/users/{id}/activate", null, ["auth.change_user"]),
        (HttpMethod.Put, "/api/v1/users/{id}/password", new { password = "New-password-42" }, ["auth.change_user"]),
        (HttpMethod.Post, "/api/v1/users/{id}/unlock", null, ["auth.change_user"]),
        (HttpMethod.Get, "/api/v1/users/{id}/groups", null, ["auth.view_user"]),
        (HttpMethod.Put, "/api/v1/users/{id}/groups", new { groupIds = Array.Empty<int>() }, ["auth.change_user"]),
        (HttpMethod.Post, "/api/v1/users/{id}/groups/{group}", null, ["auth.change_user"]),
        (HttpMethod.Delete, "/api/v1/users/{id}/groups/{group}", null, ["auth.change_user"]),
        (HttpMethod.Get, "/api/v1/users/{id}/permissions", null, ["auth.view_user"]),
        (HttpMethod.Put, "/api/v1/users/{id}/permissions", new { permissions = Array.Empty<string>() }, ["auth.change_user"]),
        (HttpMethod.Post, "/api/v1/users/{id}/permissions", new { permission = "blog.view_post" }, ["auth.change_user"]),
        (HttpMethod.Delete, "/api/v1/users/{id}/permissions/blog.view_post", null, ["auth.change_user"]),
        (HttpMethod.Get, "/api/v1/users/{id}/effective-permissions", null, ["auth.view_user"]),
        (HttpMethod.Delete, "/api/v1/users/{id}", null, ["auth.delete_user"]),
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_endpoint_needs_its_permission_and_an_unknown_id_is_404_only_for_those_who_hold_it(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var bob = await site.CreateUserAsync("bob");
        var subscribers = await site.GroupIdAsync("Subscribers");
        await site.CreateUserAsync("nobody", staff: true);
        await site.CreateUserAsync("adder", staff: true, permissions: ["auth.add_user"]);
        // Each holder holds exactly what the endpoint needs (and what the group and grant it hands out need).
        var holders = new Dictionary<string, ApiClient>
        {
            ["auth.view_user"] = await SignedInWithAsync(site, "viewer", "auth.view_user"),
            ["auth.change_user"] = await SignedInWithAsync(site, "changer", "auth.change_user", "blog.view_post", "blog.view_photo"),
            ["auth.add_user auth.change_user"] = await SignedInWithAsync(site, "creator", "auth.add_user", "auth.change_user"),
            ["auth.delete_user"] = await SignedInWithAsync(site, "deleter", "auth.delete_user"),
        };
        var anonymous = ApiClient.Anonymous(site);
        var nobody = await ApiClient.SignedInAsync(site, "nobody");
        var adder = await ApiClient.SignedInAsync(site, "adder");

        foreach (var (method, template, body, permissions) in Endpoints)
        {
            string For(string id, string group = "0") => template.Replace("{id}", id).Replace("{group}", group);
            var path = For(bob.Id.ToString(CultureInfo.InvariantCulture), subscribers.ToString(CultureInfo.InvariantCulture));
            var holder = holders[string.Join(" ", permissions)];

            var anonymousCall = await SendAsync(anonymous, method, path, body);
            Assert.True(anonymousCall.Status == HttpStatusCode.Unauthorized && anonymousCall.IsProblem, $"{method} {path} anonymous: {anonymousCall}");
            foreach (var lacking in new[] { nobody, adder }.Concat(holders.Values.Where(h => h != holder && !Covers(holders, h, permissions))))
            {
                var refused = await SendAsync(lacking, method, path, body);
                Assert.True(refused.Status == HttpStatusCode.Forbidden && refused.IsProblem, $"{method} {path} without {permissions[0]}: {refused}");
                if (template.Contains("{id}"))
                {
                    var unknownRefused = await SendAsync(lacking, method, For(Unknown, subscribers.ToString(CultureInfo.InvariantCulture)), body);
                    Assert.True(unknownRefused.Status == HttpStatusCode.Forbidden, $"{method} unknown id without the permission: {unknownRefused}");
                }
            }
            if (template.Contains("{id}"))
            {
                var unknown = await SendAsync(holder, method, For(Unknown, subscribers.ToString(CultureInfo.InvariantCulture)), body);
                Assert.True(unknown.Status == HttpStatusCode.NotFound && unknown.IsProblem, $"{method} unknown id: {unknown}");
                Assert.Equal($"No user with id {Unknown}.", unknown.Detail);
            }
            if (template.Contains("{group}"))
            {
                var unknownGroup = await SendAsync(holder, method, For(bob.Id.ToString(CultureInfo.InvariantCulture), Unknown), body);
                Assert.True(unknownGroup.Status == HttpStatusCode.NotFound, $"{method} unknown group: {unknownGroup}");
            }

            var allowed = await SendAsync(holder, method, path, body);
            var expected = method == HttpMethod.Delete ? HttpStatusCode.NoContent
                : method == HttpMethod.Post && template == "/api/v1/users" ? HttpStatusCode.Created
                : HttpStatusCode.OK;
            Assert.True(allowed.Status == expected, $"{method} {path} with {string.Join(", ", permissions)}: {allowed}");
        }
        Assert.Null(await site.FindUserAsync("bob"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_is_created_read_changed_and_deleted_and_every_change_is_audited_as_the_api(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var root = await ApiClient.SignedInAsync(site, "root");

        var created = await root.PostAsync("/api/v1/users", new
        {
            userName = " carol ",
            email = "carol@example.com",
            password = AdminSite.Password,
            firstName = "Carol",
            lastName = "King",
            isStaff = true,
        });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Json.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/users/{id}", created.Location);
        Assert.Equal(("carol", "carol@example.com", "Carol", "King"), (Text(created, "userName"), Text(created, "email"), Text(created, "firstName"), Text(created, "lastName")));
        Assert.Equal((true, true, false, false), (Flag(created, "isActive"), Flag(created, "isStaff"), Flag(created, "isSuperuser"), Flag(created, "lockedOut")));
        Assert.DoesNotContain("passwordHash", created.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", created.Body, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("+00:00", Text(created, "dateJoined"));
        Assert.NotNull(created.ETag);

        var read = await root.GetAsync($"/api/v1/users/{id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(created.ETag, read.ETag);

        var patched = await root.PatchAsync($"/api/v1/users/{id}", new { lastName = "Queen", email = "" });
        Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
        Assert.Equal(("Carol", "Queen", JsonValueKind.Null), (Text(patched, "firstName"), Text(patched, "lastName"), patched.Json.GetProperty("email").ValueKind));
        Assert.NotEqual(read.ETag, patched.ETag);

        Assert.False(Flag(await root.PostAsync($"/api/v1/users/{id}/deactivate"), "isActive"));
        Assert.True(Flag(await root.PostAsync($"/api/v1/users/{id}/activate"), "isActive"));

        var password = await root.PutAsync($"/api/v1/users/{id}/password", new { password = "New-password-42" });
        Assert.True(password.Status == HttpStatusCode.OK, password.ToString());
        Assert.True(await site.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PermissionsUser>>();
            return await users.CheckPasswordAsync((await users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture)))!, "New-password-42");
        }));

        await site.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PermissionsUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture)))!, DateTimeOffset.UtcNow.AddHours(1));
        });
        Assert.True(Flag(await root.GetAsync($"/api/v1/users/{id}"), "lockedOut"));
        var unlocked = await root.PostAsync($"/api/v1/users/{id}/unlock");
        Assert.False(Flag(unlocked, "lockedOut"));
        Assert.Equal(JsonValueKind.Null, unlocked.Json.GetProperty("lockedOutUntil").ValueKind);

        var deleted = await root.DeleteAsync($"/api/v1/users/{id}");
        Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync($"/api/v1/users/{id}")).Status);

        var audit = await AuditOfAsync(site, id);
        Assert.All(audit, entry => Assert.Equal(("api", "root"), (entry.Channel, entry.ActorName)));
        Assert.Equal(
            ["Added", "Changed Email LastName", "Changed IsActive", "Changed IsActive", "Changed Password", "Changed LockedOut", "Deleted"],
            audit.Select(e => e.Summary));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_users_groups_and_direct_permissions_are_listed_added_removed_and_replaced_with_their_effect_shown(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var editors = await site.GroupIdAsync("Editors");
        var subscribers = await site.GroupIdAsync("Subscribers");
        var creators = await site.GroupIdAsync("Creators");
        var root = await ApiClient.SignedInAsync(site, "root");
        var user = $"/api/v1/users/{bob.Id}";

        var added = await root.PostAsync($"{user}/groups/{editors}");
        Assert.True(added.Status == HttpStatusCode.OK, added.ToString());
        Assert.Equal([(editors, "Editors")], Groups(added));
        Assert.Equal([(editors, "Editors")], Groups(await root.PostAsync($"{user}/groups/{editors}"))); // already in it
        var replaced = await root.PutAsync($"{user}/groups", new { groupIds = new[] { subscribers, creators, subscribers } });
        Assert.Equal([(creators, "Creators"), (subscribers, "Subscribers")], Groups(replaced));
        var removed = await root.DeleteAsync($"{user}/groups/{creators}");
        Assert.True(removed.Status == HttpStatusCode.NoContent, removed.ToString());
        var groups = await root.GetAsync($"{user}/groups");
        Assert.Equal([(subscribers, "Subscribers")], Groups(groups));
        Assert.Equal(removed.ETag, groups.ETag);

        var granted = await root.PostAsync($"{user}/permissions", new { permission = "blog.view_post" });
        Assert.True(granted.Status == HttpStatusCode.OK, granted.ToString());
        Assert.Equal(["blog.view_post"], Names(granted));
        var replacedPermissions = await root.PutAsync($"{user}/permissions", new { permissions = new[] { "blog.add_comment", "blog.view_post", "blog.delete_post" } });
        Assert.Equal(["blog.add_comment", "blog.delete_post", "blog.view_post"], Names(replacedPermissions));
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"{user}/permissions/blog.delete_post")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"{user}/permissions/blog.delete_post")).Status); // not held: nothing to do
        Assert.Equal(["blog.add_comment", "blog.view_post"], Names(await root.GetAsync($"{user}/permissions")));
        Assert.Equal(["Subscribers"], await site.GroupsOfAsync("bob"));
        Assert.Equal(["blog.add_comment", "blog.view_post"], await site.DirectPermissionsOfAsync("bob"));

        await root.PostAsync($"{user}/groups/{editors}");
        var effective = await root.GetAsync($"{user}/effective-permissions");
        Assert.True(effective.Status == HttpStatusCode.OK, effective.ToString());
        Assert.Equal((bob.Id, "bob", true, false), (effective.Json.GetProperty("userId").GetInt32(), Text(effective, "userName"), Flag(effective, "isActive"), Flag(effective, "isSuperuser")));
        var sources = effective.Json.GetProperty("permissions").EnumerateArray().ToDictionary(
            p => p.GetProperty("permission").GetString()!,
            p => (p.GetProperty("direct").GetBoolean(), string.Join(",", p.GetProperty("viaGroups").EnumerateArray().Select(g => g.GetString()))));
        Assert.Equal((true, "Editors,Subscribers"), sources["blog.view_post"]);
        Assert.Equal((true, ""), sources["blog.add_comment"]);
        Assert.Equal((false, "Editors"), sources["blog.publish_post"]);
        Assert.Equal((false, "Subscribers"), sources["blog.view_photo"]);
        Assert.False(sources.ContainsKey("blog.delete_post"));
        Assert.Contains("blog | post | Can view post", effective.Body);
        var rootId = (await site.FindUserAsync("root"))!.Id;
        Assert.True(Flag(await root.GetAsync($"/api/v1/users/{rootId}/effective-permissions"), "isSuperuser"));

        var audit = (await AuditOfAsync(site, bob.Id)).Skip(1).ToList(); // after bob's creation by the test, as the system
        Assert.All(audit, entry => Assert.Equal("api", entry.Channel));
        Assert.Contains("Changed +groups Editors", audit.Select(e => e.Summary));
        Assert.Contains("Changed +permissions blog.add_comment blog.delete_post", audit.Select(e => e.Summary));
        // Each membership change is in the group's history too: +Editors; -Editors +Subscribers +Creators; -Creators; +Editors.
        var memberships = await site.QueryAsync(db => db.AuditEntries.Where(e => e.ObjectType == "auth.group" && e.ActorName == "root")
            .Select(e => e.Channel).ToListAsync());
        Assert.Equal(Enumerable.Repeat("api", 6), memberships);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_write_with_a_stale_if_match_is_refused_with_412_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("root2", superuser: true);
        var bob = await site.CreateUserAsync("bob", permissions: ["blog.view_post"]);
        var subscribers = await site.GroupIdAsync("Subscribers");
        var root = await ApiClient.SignedInAsync(site, "root");
        var user = $"/api/v1/users/{bob.Id}";

        var seen = (await root.GetAsync(user)).ETag!;
        var first = await root.PatchAsync(user, new { firstName = "First" }, seen);
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.NotEqual(seen, first.ETag);
        var before = await site.SnapshotAsync();

        var stale = await root.PatchAsync(user, new { lastName = "Second" }, seen);
        Assert.True(stale.Status == HttpStatusCode.PreconditionFailed && stale.IsProblem, stale.ToString());
        Assert.Contains("Someone else changed user 'bob'", stale.Detail);
        foreach (var write in new Func<Task<ApiResponse>>[]
        {
            () => root.PostAsync($"{user}/deactivate", null, seen),
            () => root.PutAsync($"{user}/password", new { password = "New-password-42" }, seen),
            () => root.PostAsync($"{user}/unlock", null, seen),
            () => root.PutAsync($"{user}/groups", new { groupIds = new[] { subscribers } }, seen),
            () => root.PostAsync($"{user}/groups/{subscribers}", null, seen),
            () => root.PutAsync($"{user}/permissions", new { permissions = Array.Empty<string>() }, seen),
            () => root.PostAsync($"{user}/permissions", new { permission = "blog.add_post" }, seen),
            () => root.DeleteAsync($"{user}/permissions/blog.view_post", seen),
            () => root.DeleteAsync(user, seen),
            () => root.PatchAsync(user, new { lastName = "Weak" }, "W/" + first.ETag),
        })
        {
            var refused = await write();
            Assert.True(refused.Status == HttpStatusCode.PreconditionFailed, refused.ToString());
        }
        Assert.Equal(before, await site.SnapshotAsync());

        // With the current ETag each write goes through and hands out the next one.
        var granted = await root.PostAsync($"{user}/permissions", new { permission = "blog.add_post" }, first.ETag);
        Assert.True(granted.Status == HttpStatusCode.OK, granted.ToString());
        Assert.NotEqual(first.ETag, granted.ETag);
        Assert.Equal(granted.ETag, (await root.GetAsync(user)).ETag);
        var revoked = await root.DeleteAsync($"{user}/permissions/blog.view_post", granted.ETag);
        Assert.Equal(HttpStatusCode.NoContent, revoked.Status);
        Assert.NotEqual(granted.ETag, revoked.ETag);
        var joined = await root.PostAsync($"{user}/groups/{subscribers}", null, revoked.ETag);
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        Assert.Equal(joined.ETag, (await root.GetAsync($"{user}/groups")).ETag);
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync(user, joined.ETag)).Status);
        Assert.Null(await site.FindUserAsync("bob"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("alice");
        var bob = await site.CreateUserAsync("bob");
        var root = await ApiClient.SignedInAsync(site, "root");
        var user = $"/api/v1/users/{bob.Id}";
        var before = await site.SnapshotAsync();

        async Task Invalid(Task<ApiResponse> call, string field, string message)
        {
            var response = await call;
            Assert.True(response.Status == HttpStatusCode.BadRequest && response.IsProblem, response.ToString());
            Assert.True(response.ErrorsFor(field).Any(m => m.Contains(message, StringComparison.Ordinal)), $"{field}: {message}\n{response}");
        }

        await Invalid(root.PostAsync("/api/v1/users", new { userName = " ", password = AdminSite.Password }), "userName", "Enter a user name.");
        await Invalid(root.PostAsync("/api/v1/users", new { password = AdminSite.Password }), "userName", "Enter a user name.");
        await Invalid(root.PostAsync("/api/v1/users", new { userName = "alice" }), "userName", "Username 'alice' is already taken.");
        await Invalid(root.PostAsync("/api/v1/users", new { userName = new string('x', 151) }), "userName", "Keep the user name to 150 characters or fewer.");
        await Invalid(root.PostAsync("/api/v1/users", new { userName = "newbie", password = "abc" }), "password", "Passwords must");
        await Invalid(root.PostAsync("/api/v1/users", new { userName = "newbie", email = "not-an-address" }), "email", "Enter a valid e-mail address.");
        await Invalid(root.PatchAsync(user, new { userName = "" }), "userName", "Enter a user name.");
        await Invalid(root.PatchAsync(user, new { userName = "alice" }), "userName", "Username 'alice' is already taken.");
        await Invalid(root.PatchAsync(user, new { email = "not-an-address" }), "email", "Enter a valid e-mail address.");
        await Invalid(root.PatchAsync(user, new { firstName = new string('a', 151) }), "firstName", "Keep the first name to 150 characters or fewer.");
        await Invalid(root.PutAsync($"{user}/password", new { password = "abc" }), "password", "Passwords must");
        await Invalid(root.PutAsync($"{user}/password", new { }), "password", "Enter a password.");
        await Invalid(root.PutAsync($"{user}/groups", new { groupIds = new[] { 999999 } }), "groupIds", "No group with id 999999.");
        await Invalid(root.PutAsync($"{user}/groups", new { }), "groupIds", "List the ids of the groups");
        await Invalid(root.PutAsync($"{user}/permissions", new { permissions = new[] { "blog.view_post", "blog.nope" } }), "permissions", "Unknown permission 'blog.nope'.");
        await Invalid(root.PutAsync($"{user}/permissions", new { }), "permissions", "List the permissions");
        await Invalid(root.PostAsync($"{user}/permissions", new { permission = "nodot" }), "permission", "Permission name 'nodot' should be in the form app_label.codename.");
        await Invalid(root.DeleteAsync($"{user}/permissions/blog.nope"), "permission", "Unknown permission 'blog.nope'.");
        await Invalid(root.GetAsync("/api/v1/users?cursor=not-a-cursor"), "cursor", "start again without it");

        foreach (var malformed in new[] { "{\"firstName\": ", "{\"isStaff\": \"yes\"}", "[]" })
        {
            var response = await root.SendRawAsync(HttpMethod.Patch, user, malformed);
            Assert.True(response.Status == HttpStatusCode.BadRequest && response.IsProblem, $"{malformed}: {response}");
        }
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_searches_filters_and_walks_every_user_once_by_cursor_while_users_are_added(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("alice", staff: true, email: "ally@corp.example");
        foreach (var name in new[] { "u01", "u02", "u03", "u04" }) await site.CreateUserAsync(name);
        await site.AddMemberAsync("Editors", "u02");
        var root = await ApiClient.SignedInAsync(site, "root");
        Assert.Equal(HttpStatusCode.OK, (await root.PostAsync($"/api/v1/users/{(await site.FindUserAsync("u03"))!.Id}/deactivate")).Status);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await root.GetAsync("/api/v1/users?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            var items = page.Json.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items);
            cursor = page.Json.GetProperty("nextCursor").GetString();
            if (++pages == 1) await site.CreateUserAsync("late"); // a new id sorts last: no page shifts
        }
        while (cursor is not null);
        Assert.Equal(["root", "alice", "u01", "u02", "u03", "u04", "late"], seen);
        Assert.Equal(4, pages);

        async Task<List<string>> List(string query) =>
            (await root.GetAsync("/api/v1/users?" + query)).Json.GetProperty("items").EnumerateArray()
                .Select(u => u.GetProperty("userName").GetString()!).ToList();
        Assert.Equal(["u01", "u02", "u03", "u04"], await List("q=u0"));
        Assert.Equal(["alice"], await List("q=ALLY"));
        Assert.Equal(["root", "alice"], await List("staff=true"));
        Assert.Equal(["root"], await List("superuser=true"));
        Assert.Equal(["u03"], await List("active=false"));
        Assert.Equal(["u02"], await List($"group={await site.GroupIdAsync("Editors")}"));
        Assert.Equal(["u01", "u02"], await List("q=u0&active=true&limit=2"));
        Assert.Equal(["u04"], await List($"q=u0&active=true&cursor={Cursor.Encode((await site.FindUserAsync("u02"))!.Id)}"));
    }

    private static async Task<ApiClient> SignedInWithAsync(AdminSite site, string userName, params string[] permissions)
    {
        await site.CreateUserAsync(userName, staff: true, permissions: permissions);
        return await ApiClient.SignedInAsync(site, userName);
    }

    /// <summary>Whether <paramref name="client"/> holds all of <paramref name="permissions"/> (the creator holds change_user too).</summary>
    /// <summary>Whether <paramref name="client"/> may call an endpoint needing <paramref name="permissions"/>; as in the admin, change_user also opens what view_user does.</summary>
    private static bool Covers(Dictionary<string, ApiClient> holders, ApiClient client, string[] permissions)
    {
        var held = holders.Single(h => h.Value == client).Key.Split(' ');
        return permissions.All(p => held.Contains(p) || p == "auth.view_user" && held.Contains("auth.change_user"));
    }

    private static Task<ApiResponse> SendAsync(ApiClient client, HttpMethod method, string path, object? body) =>
        method.Method switch
        {
            "GET" => client.GetAsync(path),
            "POST" => client.PostAsync(path, body),
            "PUT" => client.PutAsync(path, body),
            "PATCH" => client.PatchAsync(path, body),
            _ => client.DeleteAsync(path),
        };

    private static string? Text(ApiResponse response, string property) => response.Json.GetProperty(property).GetString();

    private static bool Flag(ApiResponse response, string property) => response.Json.GetProperty(property).GetBoolean();

    private static List<(int, string)> Groups(ApiResponse response) =>
        response.Json.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("id").GetInt32(), g.GetProperty("name").GetString()!)).ToList();

    private static List<string> Names(ApiResponse response) =>
        response.Json.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToList();

    /// <summary>The audit entries about one user, oldest first, each summarised as its action and what it touched.</summary>
    private static Task<List<(string Channel, string ActorName, string Summary)>> AuditOfAsync(AdminSite site, int userId) =>
        site.QueryAsync(async db =>
        {
            var id = userId.ToString(CultureInfo.InvariantCulture);
            var entries = await db.AuditEntries.Where(e => e.ObjectType == UserAdministration.ObjectType && e.ObjectId == id)
                .OrderBy(e => e.Id).ToListAsync();
            return entries.Select(e =>
            {
                var changes = AuditChanges.FromJson(e.Changes);
                var words = new List<string> { e.Action.ToString() };
                if (e.Action == AuditAction.Changed) words.AddRange(changes.Fields?.Keys ?? Enumerable.Empty<string>());
                if (changes.GroupsAdded is { } groups) words.AddRange(["+groups", .. groups]);
                if (changes.PermissionsAdded is { } permissions) words.AddRange(["+permissions", .. permissions]);
                return (e.Channel, e.ActorName, string.Join(" ", words));
            }).ToList();
        });
}
