using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.PostgreSql;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>
/// The triggers of the ScaleOut migration: which writes announce which user on
/// <see cref="PermissionChangeNotifications.Channel"/>, whoever makes them, and only once committed.
/// </summary>
public sealed class ChangeNotificationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task Direct_grants_and_memberships_announce_their_user(DatabaseKind kind)
    {
        await using var site = await MigratedSiteAsync(kind);
        var alice = await site.InScopeAsync(s => s.CreateUserAsync("alice"));
        await site.InScopeAsync(s => s.CreateGroupAsync("Readers", "blog.view_post"));
        await using var probe = await NotificationProbe.StartAsync(site.Database);

        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => site.UsersAsync(async u => await u.GrantAsync(await u.GetAsync(alice), "blog.view_post"))));
        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => site.UsersAsync(async u => await u.RevokeAsync(await u.GetAsync(alice), "blog.view_post"))));
        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => site.GroupsAsync(async (g, u) => await g.AddMemberAsync(await g.FindAsync("Readers"), await u.GetAsync(alice)))));
        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => site.GroupsAsync(async (g, u) => await g.RemoveMemberAsync(await g.FindAsync("Readers"), await u.GetAsync(alice)))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task A_users_flags_security_stamp_and_deletion_announce_them_but_other_columns_do_not(DatabaseKind kind)
    {
        await using var site = await MigratedSiteAsync(kind);
        var alice = await site.InScopeAsync(s => s.CreateUserAsync("alice", "blog.view_post"));
        await using var probe = await NotificationProbe.StartAsync(site.Database);

        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => site.UsersAsync(async u => await u.SetActiveAsync(await u.GetAsync(alice), false))));
        // Each flag flipped, then flipped back.
        foreach (var column in new[] { "IsActive", "IsSuperuser", "IsStaff", "IsActive", "IsSuperuser", "IsStaff" })
        {
            Assert.Equal([$"{alice}"], await probe.DuringAsync(() => Sql(site.Database, $"""UPDATE "AspNetUsers" SET "{column}" = NOT "{column}" WHERE "Id" = {alice}""")));
        }
        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => site.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PermissionsUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync($"{alice}"))!);
        })));
        // A sign-in records the last login; e-mail and names are not permissions: nobody is told.
        Assert.Empty(await probe.DuringAsync(() => Sql(site.Database,
            $"""UPDATE "AspNetUsers" SET "LastLogin" = now(), "Email" = 'new@example.com', "FirstName" = 'Alice', "AccessFailedCount" = 1 WHERE "Id" = {alice}""")));

        Assert.Equal([$"{alice}"], (await probe.DuringAsync(() => site.UsersAsync(u => u.DeleteAsync([alice])))).Distinct());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task Group_grants_groups_the_catalogue_and_object_grants_announce_the_right_users(DatabaseKind kind)
    {
        await using var site = await MigratedSiteAsync(kind);
        var alice = await site.InScopeAsync(s => s.CreateUserAsync("alice"));
        await site.InScopeAsync(s => s.CreateGroupAsync("Readers"));
        await using var probe = await NotificationProbe.StartAsync(site.Database);
        string[] everyone = [PermissionChangeNotifications.Everyone];

        Assert.Equal(everyone, await probe.DuringAsync(() => site.GroupsAsync(async (g, _) => await g.GrantAsync(await g.FindAsync("Readers"), ["blog.view_post"]))));
        Assert.Equal(everyone, await probe.DuringAsync(() => Sql(site.Database, """UPDATE "AspNetRoles" SET "Name" = 'Viewers', "NormalizedName" = 'VIEWERS' WHERE "Name" = 'Readers'""")));
        Assert.Equal(everyone, await probe.DuringAsync(() => Sql(site.Database, """UPDATE "Permissions" SET "Name" = 'Can see post' WHERE "Codename" = 'view_post'""")));
        Assert.Equal(everyone, await probe.DuringAsync(() => Sql(site.Database, """UPDATE "ContentTypes" SET "AppLabel" = 'weblog' WHERE "AppLabel" = 'blog'""")));

        const string Post = """SELECT p."Id", p."ContentTypeId" FROM "Permissions" p WHERE p."Codename" = 'change_post'""";
        Assert.Equal([$"{alice}"], await probe.DuringAsync(() => Sql(site.Database,
            $"""INSERT INTO "UserObjectPermissions" ("UserId", "PermissionId", "ContentTypeId", "ObjectId") SELECT {alice}, p."Id", p."ContentTypeId", 7 FROM ({Post}) p""")));
        Assert.Equal(everyone, await probe.DuringAsync(() => Sql(site.Database,
            $"""INSERT INTO "GroupObjectPermissions" ("GroupId", "PermissionId", "ContentTypeId", "ObjectId") SELECT r."Id", p."Id", p."ContentTypeId", 7 FROM ({Post}) p, "AspNetRoles" r""")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task A_rolled_back_change_announces_nothing_and_a_truncate_announces_everyone(DatabaseKind kind)
    {
        await using var site = await MigratedSiteAsync(kind);
        var alice = await site.InScopeAsync(s => s.CreateUserAsync("alice", "blog.view_post"));
        await using var probe = await NotificationProbe.StartAsync(site.Database);

        Assert.Empty(await probe.DuringAsync(() => Sql(site.Database,
            $"""BEGIN; DELETE FROM "UserPermissions" WHERE "UserId" = {alice}; UPDATE "AspNetUsers" SET "IsActive" = false; ROLLBACK;""")));
        Assert.Equal([PermissionChangeNotifications.Everyone], await probe.DuringAsync(() => Sql(site.Database, """TRUNCATE "UserPermissions" """)));
    }

    /// <summary>The site (scale-out off: the triggers come with the migrations, whoever writes) on a migrated, synced database.</summary>
    private static async Task<MigratedSite> MigratedSiteAsync(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        var db = await TestDatabase.CreateAsync(kind);
        var app = TestSite.Build(db);
        await app.PrepareDatabaseAsync();
        await app.SyncPermissionsAsync();
        return new MigratedSite(db, app);
    }

    private static async Task Sql(TestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class MigratedSite(TestDatabase db, WebApplication app) : IAsyncDisposable
    {
        public TestDatabase Database => db;

        public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await body(scope.ServiceProvider);
        }

        public Task InScopeAsync(Func<IServiceProvider, Task> body) => InScopeAsync(async s => { await body(s); return true; });

        public Task UsersAsync(Func<UserAdministration, Task> body) =>
            InScopeAsync(s => body(s.GetRequiredService<UserAdministration>()));

        public Task GroupsAsync(Func<GroupAdministration, UserAdministration, Task> body) =>
            InScopeAsync(s => body(s.GetRequiredService<GroupAdministration>(), s.GetRequiredService<UserAdministration>()));

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    /// <summary>
    /// A connection listening on the channel. <see cref="DuringAsync"/> returns the payloads a change caused, in
    /// order: it sends a marker after the change, and notifications arrive in commit order, so everything before
    /// the marker is the change's.
    /// </summary>
    private sealed class NotificationProbe : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly TestDatabase _db;
        private readonly List<string> _received = [];

        private NotificationProbe(TestDatabase db, NpgsqlConnection connection)
        {
            _db = db;
            _connection = connection;
            _connection.Notification += (_, e) => _received.Add(e.Payload);
        }

        public static async Task<NotificationProbe> StartAsync(TestDatabase db)
        {
            var connection = new NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync();
            await using var listen = new NpgsqlCommand($"LISTEN {PermissionChangeNotifications.Channel}", connection);
            await listen.ExecuteNonQueryAsync();
            return new NotificationProbe(db, connection);
        }

        public async Task<List<string>> DuringAsync(Func<Task> change)
        {
            _received.Clear();
            await change();
            var marker = $"marker-{Guid.NewGuid():N}";
            await Sql(_db, $"NOTIFY {PermissionChangeNotifications.Channel}, '{marker}'");
            while (!_received.Contains(marker))
            {
                Assert.True(await _connection.WaitAsync(TimeSpan.FromSeconds(5)), "The marker notification did not arrive.");
            }
            return _received.TakeWhile(p => p != marker).ToList();
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
