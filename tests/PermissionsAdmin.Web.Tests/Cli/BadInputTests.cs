using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

/// <summary>Bad input prints one line to stderr starting with "error:", exits 1 and changes nothing.</summary>
public sealed class BadInputTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_user_is_refused(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);

        await AssertRefusedAsync(db, "No user named 'nobody'.", "check", "nobody", "blog.change_post");
        await AssertRefusedAsync(db, "No user named 'nobody'.", "users", "grant", "nobody", "blog.change_post");
        await AssertRefusedAsync(db, "No user named 'nobody'.", "groups", "add-member", "Moderators", "nobody");
        await AssertRefusedAsync(db, "No user named 'nobody@example.com'.", "users", "deactivate", "nobody@example.com");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_group_is_refused(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);

        await AssertRefusedAsync(db, "No group named 'Nobody'.", "groups", "add-member", "Nobody", "dave");
        await AssertRefusedAsync(db, "No group named 'Nobody'.", "groups", "grant", "Nobody", "blog.view_post");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_misspelt_permission_is_refused(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);

        await AssertRefusedAsync(db, "Unknown permission 'blog.chnge_post'.", "users", "grant", "dave", "blog.chnge_post");
        await AssertRefusedAsync(db, "Unknown permission 'blog.chnge_post'.", "users", "revoke", "dave", "blog.chnge_post");
        await AssertRefusedAsync(db, "Unknown permission 'blog.chnge_post'.", "groups", "grant", "Moderators", "blog.chnge_post");
        await AssertRefusedAsync(db, "Unknown permission 'blog.chnge_post'.", "groups", "revoke", "Moderators", "blog.chnge_post");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_permission_name_without_a_dot_is_refused(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);
        const string Malformed = "Permission name 'nodot' should be in the form app_label.codename.";

        await AssertRefusedAsync(db, Malformed, "users", "grant", "dave", "nodot");
        await AssertRefusedAsync(db, Malformed, "groups", "grant", "Moderators", "nodot");
        await AssertRefusedAsync(db, Malformed, "check", "dave", "nodot");
        await AssertRefusedAsync(db, Malformed, "groups", "create", "X", "--perm", "nodot");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_taken_user_name_is_refused(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);

        await AssertRefusedAsync(db, "Username 'dave' is already taken.", "users", "create", "dave");
        await AssertRefusedAsync(db, "Username 'DAVE' is already taken.", "users", "create", "DAVE", "--superuser");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_taken_group_name_is_refused_whatever_its_case(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);

        await AssertRefusedAsync(db, "A group named 'moderators' already exists.",
            "groups", "create", "moderators", "--perm", "blog.delete_post");
        // A group from the site's configuration (appsettings.json).
        await AssertRefusedAsync(db, "A group named 'EDITORS' already exists.", "groups", "create", "EDITORS");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_group_with_an_unknown_permission_is_not_created_at_all(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);

        await AssertRefusedAsync(db, "Unknown permission 'blog.nope'.",
            "groups", "create", "X", "--perm", "blog.view_post", "--perm", "blog.nope");

        Assert.False(await TestSite.QueryAsync(db, c => c.Roles.AnyAsync(g => g.Name == "X")));
        await AssertRefusedAsync(db, "No group named 'X'.", "groups", "add-member", "X", "dave");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deactivating_the_last_active_superuser_is_refused(DatabaseKind kind)
    {
        await using var db = await SeededAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "root", "--superuser");

        await AssertRefusedAsync(db, "'root' is the last active superuser; make another user a superuser first.",
            "users", "deactivate", "root");

        Assert.Equal("allowed", await Manage.CheckAsync(db, "root", "blog.delete_post"));
    }

    [Fact]
    public async Task An_unknown_database_provider_is_one_error_line_not_a_crash()
    {
        // The real process: the setting is read while the command's services are built, before any command runs.
        var result = await CliProcess.RunAsync("Postgres", "Host=localhost", "migrate");

        Assert.True(result.ExitCode == 1 && result.Out == "", result.ToString());
        Assert.Equal(["error: Unknown Database:Provider 'Postgres'. Use 'Sqlite', 'PostgreSQL' or 'SqlServer'."], result.ErrLines);
    }

    [Theory]
    [InlineData("sqlite", "Sqlite")]
    [InlineData("PostgreSql", "PostgreSQL")]
    [InlineData("SQLSERVER", "SqlServer")]
    public void A_database_provider_is_known_in_any_case(string configured, string provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Database:Provider", configured)]).Build();

        Assert.Equal(provider, DatabaseSetup.ProviderName(configuration));
    }

    /// <summary>User dave (direct grant blog.change_post) and group Moderators (blog.view_post), dave not a member.</summary>
    private static async Task<TestDatabase> SeededAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "dave", "--email", "dave@example.com");
        await Manage.SucceedAsync(db, "users", "grant", "dave", "blog.change_post");
        await Manage.SucceedAsync(db, "groups", "create", "Moderators", "--perm", "blog.view_post");
        return db;
    }

    private static async Task AssertRefusedAsync(TestDatabase db, string message, params string[] args)
    {
        var before = await AccountsSnapshot.TakeAsync(db);

        var result = await Manage.RunAsync(db, args);

        var command = string.Join(' ', args);
        Assert.True(result.ExitCode == 1, $"'{command}' should exit 1:\n{result}");
        Assert.True(result.Out == "", $"'{command}' should print nothing on stdout:\n{result}");
        Assert.Equal([$"error: {message}"], result.ErrLines);
        Assert.Equal(before, await AccountsSnapshot.TakeAsync(db));
    }
}
