using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>What the site's log tells the operator at startup.</summary>
public sealed class StartupMessagesTests
{
    private const string NoSuperuser = "No superuser yet. Create one with: " +
        "dotnet run --project src/PermissionsAdmin.Web -- createsuperuser --username admin --email admin@example.com";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_a_superuser_startup_says_how_to_create_one_and_stops_saying_it_once_there_is_one(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        Assert.Contains(NoSuperuser, (await StartUpAsync(db)).At(LogLevel.Warning));

        await Manage.SucceedAsync(db, "users", "create", "root", "--superuser");
        Assert.DoesNotContain(NoSuperuser, (await StartUpAsync(db)).At(LogLevel.Warning));

        // An inactive superuser cannot sign in, so it does not count. (The CLI refuses to deactivate the last
        // active superuser, so the database is changed directly, as an old database might hold it.)
        await TestSite.ExecuteAsync(db, context => context.Users.Where(u => u.UserName == "root")
            .ExecuteUpdateAsync(user => user.SetProperty(u => u.IsActive, false)));
        Assert.Contains(NoSuperuser, (await StartUpAsync(db)).At(LogLevel.Warning));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Startup_warns_about_a_stale_permission_and_how_to_remove_it(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "migrate");
        await TestSite.ExecuteAsync(db, context =>
        {
            context.Permissions.Add(new Permission
            {
                ContentType = new ContentType { AppLabel = "blog", Model = "oldmodel" },
                Codename = "archive_oldmodel",
                Name = "Can archive old model",
            });
            return context.SaveChangesAsync();
        });

        var warnings = (await StartUpAsync(db)).At(LogLevel.Warning);

        Assert.Contains("1 stale permission(s) whose entity is gone: blog.archive_oldmodel. " +
            "Remove them with 'sync-permissions --remove-stale'.", warnings);
    }

    /// <summary>Program.cs's startup steps, with the log captured.</summary>
    private static async Task<CapturedLogs> StartUpAsync(TestDatabase db)
    {
        var logs = new CapturedLogs();
        await using var site = TestSite.Build(db, configure: builder => builder.Logging.AddProvider(logs));
        await site.PrepareDatabaseAsync();
        await site.SyncPermissionsAsync(TestContext.Current.CancellationToken);
        await site.AnnounceFirstRunAsync();
        return logs;
    }
}
