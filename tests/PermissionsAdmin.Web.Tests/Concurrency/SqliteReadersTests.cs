using System.Net;
using Microsoft.Data.Sqlite;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Concurrency;

/// <summary>
/// On SQLite, a read in progress never holds up a write: the site creates its database in write-ahead-log mode, as
/// EF Core's own creator does. In SQLite's default rollback-journal mode a writer's commit waits for every reader to
/// finish, and Microsoft.Data.Sqlite 10 does not wait when that wait falls on the end of a statement that returns rows
/// (as EF Core's updates do): a sign-in failed with "database is locked" (503) while the change feed was reading.
/// </summary>
public sealed class SqliteReadersTests
{
    [Fact]
    public async Task A_sign_in_saves_while_another_connection_is_in_the_middle_of_a_read()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        await site.CreateUserAsync("alice");
        var cancellation = TestContext.Current.CancellationToken;

        await using var reader = new SqliteConnection(site.Database.ConnectionString);
        await reader.OpenAsync(cancellation);
        await using var journalMode = reader.CreateCommand();
        journalMode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await journalMode.ExecuteScalarAsync(cancellation));
        await using var read = reader.BeginTransaction(deferred: true);
        await using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM \"AspNetUsers\"";
        Assert.Equal(1L, await count.ExecuteScalarAsync(cancellation));

        // Signing in records the last login: an update of the user's row.
        var browser = site.NewBrowser();
        var login = await browser.SubmitAsync("/account/login", "/account/login",
            ("UserNameOrEmail", "alice"), ("Password", AdminSite.Password));
        Assert.True(login.Status == HttpStatusCode.Redirect && browser.HasSignInCookie, $"alice could not sign in: {login}");
    }
}
