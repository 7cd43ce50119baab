using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class GroupCommandsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Members_hold_the_groups_permissions_only_while_they_are_members(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "carol");

        var created = await Manage.SucceedAsync(db,
            "groups", "create", "Moderators", "--perm", "blog.delete_comment", "--perm", "blog.change_comment");

        Assert.Equal(["Group 'Moderators' created."], created.OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.delete_comment"));

        var added = await Manage.SucceedAsync(db, "groups", "add-member", "Moderators", "carol");

        Assert.Equal(["Added 'carol' to group 'Moderators'."], added.OutLines);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.delete_comment"));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.change_comment"));
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.delete_post"));

        var removed = await Manage.SucceedAsync(db, "groups", "remove-member", "Moderators", "carol");

        Assert.Equal(["Removed 'carol' from group 'Moderators'."], removed.OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.delete_comment"));
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.change_comment"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Granting_to_and_revoking_from_a_group_reaches_its_members(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "carol");
        await Manage.SucceedAsync(db, "groups", "create", "Moderators", "--perm", "blog.delete_comment");
        await Manage.SucceedAsync(db, "groups", "add-member", "Moderators", "carol");
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.publish_post"));

        var granted = await Manage.SucceedAsync(db, "groups", "grant", "Moderators", "blog.publish_post");

        Assert.Equal(["Granted blog.publish_post to group 'Moderators'."], granted.OutLines);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.publish_post"));

        var revoked = await Manage.SucceedAsync(db, "groups", "revoke", "Moderators", "blog.publish_post");

        Assert.Equal(["Revoked blog.publish_post from group 'Moderators'."], revoked.OutLines);
        Assert.Equal("denied", await Manage.CheckAsync(db, "carol", "blog.publish_post"));
        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.delete_comment"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revoking_a_direct_grant_leaves_the_same_permission_held_through_a_group(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "carol");
        await Manage.SucceedAsync(db, "users", "grant", "carol", "blog.publish_post");
        await Manage.SucceedAsync(db, "groups", "add-member", "Editors", "carol");

        await Manage.SucceedAsync(db, "users", "revoke", "carol", "blog.publish_post");

        Assert.Equal("allowed", await Manage.CheckAsync(db, "carol", "blog.publish_post"));
    }
}
