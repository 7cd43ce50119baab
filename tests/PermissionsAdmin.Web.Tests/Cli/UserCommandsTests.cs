using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class UserCommandsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Grant_and_revoke_change_what_check_answers(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var created = await Manage.SucceedAsync(db, "users", "create", "bob", "--email", "bob@example.com");
        Assert.Equal(["User 'bob' created."], created.OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "bob", "blog.change_post"));

        var granted = await Manage.SucceedAsync(db, "users", "grant", "bob", "blog.change_post");

        Assert.Equal(["Granted blog.change_post to 'bob'."], granted.OutLines);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.change_post"));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob@example.com", "blog.change_post"));
        Assert.Equal("denied", await Manage.CheckAsync(db, "bob", "blog.delete_post"));

        var revoked = await Manage.SucceedAsync(db, "users", "revoke", "bob", "blog.change_post");

        Assert.Equal(["Revoked blog.change_post from 'bob'."], revoked.OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "bob", "blog.change_post"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deactivated_user_is_denied_despite_grants_until_activated_again(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");
        await Manage.SucceedAsync(db, "users", "grant", "bob", "blog.change_post");
        await Manage.SucceedAsync(db, "groups", "add-member", "Editors", "bob");
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.publish_post"));

        Assert.Equal(["User 'bob' deactivated."], (await Manage.SucceedAsync(db, "users", "deactivate", "bob")).OutLines);

        Assert.Equal("denied", await Manage.CheckAsync(db, "bob", "blog.change_post"));
        Assert.Equal("denied", await Manage.CheckAsync(db, "bob", "blog.publish_post"));

        Assert.Equal(["User 'bob' activated."], (await Manage.SucceedAsync(db, "users", "activate", "bob")).OutLines);

        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.change_post"));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "bob", "blog.publish_post"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deactivated_superuser_is_denied(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "root", "--superuser");
        // The last active superuser cannot be deactivated (see BadInputTests); keep another one.
        await Manage.SucceedAsync(db, "users", "create", "admin", "--superuser");
        Assert.Equal("allowed", await Manage.CheckAsync(db, "root", "blog.delete_post"));

        await Manage.SucceedAsync(db, "users", "deactivate", "root");

        Assert.Equal("denied", await Manage.CheckAsync(db, "root", "blog.delete_post"));
    }
}
