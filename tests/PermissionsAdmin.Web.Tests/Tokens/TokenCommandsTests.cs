using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Tokens;

/// <summary><c>tokens create|list|revoke</c>: the text printed once, only its hash kept, every change audited.</summary>
public sealed class TokenCommandsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_prints_the_token_once_and_the_database_keeps_only_its_hash(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");

        var created = await Manage.SucceedAsync(db, "tokens", "create", "bob", "--name", "ci", "--expires-in-days", "30");

        var text = Assert.Single(created.OutLines);
        Assert.Matches("^pat_[A-Za-z0-9_-]{43}$", text);
        Assert.Matches(@"^Token 'ci' created for 'bob' \(expires \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\. Copy it now: it will not be shown again\.$",
            Assert.Single(created.ErrLines));
        var stored = await TestSite.QueryAsync(db, c => c.PersonalAccessTokens.AsNoTracking().SingleAsync());
        Assert.Equal(TokenSecret.Hash(text), stored.Hash);
        Assert.Equal(text[..12], stored.Prefix);
        Assert.DoesNotContain(text, string.Join("|", stored.Name, stored.Hash, stored.Prefix));
        Assert.InRange(stored.ExpiresAt!.Value, DateTime.UtcNow.AddDays(30).AddMinutes(-5), DateTime.UtcNow.AddDays(30));

        var listed = Assert.Single((await Manage.SucceedAsync(db, "tokens", "list", "bob")).OutLines);
        Assert.StartsWith($"ci\t{text[..12]}\tactive\tcreated ", listed);
        Assert.EndsWith("\tlast used never", listed);
        Assert.DoesNotContain(text, listed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revoke_marks_the_token_revoked_and_both_changes_are_in_the_owners_history(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");
        await Manage.SucceedAsync(db, "tokens", "create", "bob", "--name", "ci");

        var revoked = await Manage.SucceedAsync(db, "tokens", "revoke", "bob", "--name", "ci");

        Assert.Equal(["Token 'ci' of 'bob' revoked."], revoked.OutLines);
        Assert.Contains("\trevoked\t", Assert.Single((await Manage.SucceedAsync(db, "tokens", "list", "bob")).OutLines));
        var entries = await TestSite.QueryAsync(db, c => c.AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == UserAdministration.ObjectType && e.ObjectRepr == "bob" && e.Action == AuditAction.Changed)
            .OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([["Created token “ci”"], ["Revoked token “ci”"]], entries.Select(e => AuditText.Describe(e).ToArray()));
        Assert.All(entries, e => Assert.Equal("cli", e.Channel));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_refused_with_one_line_and_changes_nothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");
        await Manage.SucceedAsync(db, "users", "create", "gone");
        await Manage.SucceedAsync(db, "users", "deactivate", "gone");
        await Manage.SucceedAsync(db, "tokens", "create", "bob", "--name", "ci");
        await Manage.SucceedAsync(db, "tokens", "create", "bob", "--name", "old");
        await Manage.SucceedAsync(db, "tokens", "revoke", "bob", "--name", "old");
        var before = await StateAsync(db);

        foreach (var (message, args) in new (string, string[])[]
        {
            ("No user named 'nobody'.", ["tokens", "create", "nobody", "--name", "ci"]),
            ("A token named 'ci' already exists (revoked tokens keep their names); choose another name.", ["tokens", "create", "bob", "--name", "ci"]),
            ("A token named 'old' already exists (revoked tokens keep their names); choose another name.", ["tokens", "create", "bob", "--name", " old "]),
            ("Enter a name for the token.", ["tokens", "create", "bob", "--name", " "]),
            ("Keep the name to 100 characters or fewer.", ["tokens", "create", "bob", "--name", new string('x', 101)]),
            ("--expires-in-days must be between 1 and 3650.", ["tokens", "create", "bob", "--name", "new", "--expires-in-days", "0"]),
            ("--expires-in-days must be between 1 and 3650.", ["tokens", "create", "bob", "--name", "new", "--expires-in-days", "3651"]),
            ("'gone' is inactive; activate the account first.", ["tokens", "create", "gone", "--name", "ci"]),
            ("No token named 'nope'.", ["tokens", "revoke", "bob", "--name", "nope"]),
            ("The token 'old' is already revoked.", ["tokens", "revoke", "bob", "--name", "old"]),
            ("No user named 'nobody'.", ["tokens", "list", "nobody"]),
        })
        {
            var result = await Manage.RunAsync(db, args);
            Assert.True(result.ExitCode == 1, $"{string.Join(' ', args)}: {result}");
            Assert.Equal([$"error: {message}"], result.ErrLines);
            Assert.Equal("", result.Out);
        }
        Assert.Equal(before, await StateAsync(db));
    }

    private static async Task<List<string>> StateAsync(TestDatabase db) =>
        [.. await AccountsSnapshot.TakeAsync(db), .. await TestSite.QueryAsync(db, c => c.PersonalAccessTokens.AsNoTracking()
            .OrderBy(t => t.Id).Select(t => t.UserId + " " + t.Name + " " + t.Hash + " " + t.ExpiresAt + " " + t.RevokedAt).ToListAsync())];
}
