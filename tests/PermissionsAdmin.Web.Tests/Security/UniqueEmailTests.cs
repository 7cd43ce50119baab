using System.Net;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Cli;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, finding 14: an e-mail address, in any case, belongs to one account on every door; accounts that share
/// one from before still work.
/// </summary>
public sealed class UniqueEmailTests
{
    private const string Taken = "Email 'ALICE@example.COM' is already taken.";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_and_the_admin_refuse_an_email_another_account_has_in_another_case(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("alice", email: "alice@example.com");
        var bob = await site.CreateUserAsync("bob", email: "bob@example.com");
        var api = await ApiClient.SignedInAsync(site, "root");
        var before = await site.SnapshotAsync();

        var created = await api.PostAsync("/api/v1/users", new { userName = "alice2", email = "ALICE@example.COM", password = AdminSite.Password });
        Assert.True(created.Status == HttpStatusCode.BadRequest, created.ToString());
        Assert.Equal([Taken], created.ErrorsFor("email"));
        var changed = await api.PatchAsync($"/api/v1/users/{bob.Id}", new { email = "ALICE@example.COM" });
        Assert.True(changed.Status == HttpStatusCode.BadRequest, changed.ToString());
        Assert.Equal([Taken], changed.ErrorsFor("email"));

        var admin = await site.SignedInAsync("root");
        var form = await admin.GetAsync($"/admin/users/{bob.Id}");
        var edited = await admin.PostAsync($"/admin/users/{bob.Id}", form.Token,
            ("UserName", "bob"), ("Email", "ALICE@example.COM"), ("IsActive", "true"),
            ("ConcurrencyStamp", System.Text.RegularExpressions.Regex.Match(form.Html, "name=\"ConcurrencyStamp\"[^>]*value=\"([^\"]+)\"").Groups[1].Value));
        Assert.Contains(Taken, edited.Errors);

        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_refuses_an_email_another_account_has_in_another_case(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "alice", "--email", "alice@example.com");

        var create = await Manage.RunAsync(db, "users", "create", "carol", "--email", "ALICE@example.COM");
        var superuser = await Manage.RunWithInputAsync(db, CreateSuperuserTests.StrongPassword + "\n",
            "createsuperuser", "--username", "admin", "--email", "ALICE@example.COM", "--password-stdin");

        foreach (var refused in new[] { create, superuser })
        {
            Assert.Equal(1, refused.ExitCode);
            Assert.Equal($"error: {Taken}", refused.Err.Trim());
        }
        Assert.Equal(["alice"], await TestSite.QueryAsync(db, users => users.Users.Select(u => u.UserName!).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accounts_that_already_share_an_email_can_still_be_edited_deactivated_and_sign_in_by_name(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("alice", email: "alice@example.com");
        var bob = await site.CreateUserAsync("bob", email: "bob@example.com");
        await site.QueryAsync(db => db.Users.Where(u => u.Id == bob.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Email, "ALICE@example.com").SetProperty(u => u.NormalizedEmail, "ALICE@EXAMPLE.COM")));
        var api = await ApiClient.SignedInAsync(site, "root");

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync($"/api/v1/users/{bob.Id}", new { firstName = "Bob" })).Status);
        // Signing in by the shared address names nobody; by name it works.
        var byEmail = await site.NewBrowser().SubmitAsync("/account/login", "/account/login",
            ("UserNameOrEmail", "alice@example.com"), ("Password", AdminSite.Password));
        Assert.Equal(HttpStatusCode.OK, byEmail.Status);
        await ApiClient.SignedInAsync(site, "bob");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{bob.Id}/deactivate")).Status);
    }
}
