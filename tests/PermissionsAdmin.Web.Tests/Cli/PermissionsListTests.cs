using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class PermissionsListTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_the_blogs_generated_and_custom_permissions_with_their_names(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.SucceedAsync(db, "permissions", "list", "--app", "blog");

        var lines = result.OutLines;
        Assert.Equal("", result.Err);
        Assert.All(lines, line => Assert.StartsWith("blog.", line));
        Assert.Equal(lines.Distinct(), lines);
        string[] expected =
        [
            // The four generated permissions of an entity, named after it.
            "blog.add_post\tCan add post",
            "blog.change_post\tCan change post",
            "blog.delete_post\tCan delete post",
            "blog.view_post\tCan view post",
            "blog.add_comment\tCan add comment",
            "blog.change_comment\tCan change comment",
            "blog.delete_comment\tCan delete comment",
            "blog.view_comment\tCan view comment",
            // [ExtraPermission] adds a custom one.
            "blog.publish_post\tCan publish post",
            // [DisplayName] names the entity in permission names.
            "blog.add_photo\tCan add holiday photo",
            "blog.change_photo\tCan change holiday photo",
            "blog.delete_photo\tCan delete holiday photo",
            "blog.view_photo\tCan view holiday photo",
        ];
        Assert.All(expected, line => Assert.Contains(line, lines));
        // [DefaultPermissions(View | Change)] trims the generated four; the words of the type name are split.
        Assert.Equal(
            ["blog.change_sitenotice\tCan change site notice", "blog.view_sitenotice\tCan view site notice"],
            lines.Where(line => line.Contains("sitenotice", StringComparison.Ordinal)));
        // Sorted by entity, then codename.
        string[] inOrder =
        [
            "blog.add_comment", "blog.view_comment", "blog.add_photo", "blog.view_photo",
            "blog.add_post", "blog.publish_post", "blog.view_post", "blog.change_sitenotice", "blog.view_sitenotice",
        ];
        Assert.Equal(inOrder, lines.Select(line => line.Split('\t')[0]).Where(inOrder.Contains));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_an_app_lists_every_app_including_auth(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var lines = (await Manage.SucceedAsync(db, "permissions", "list")).OutLines;

        Assert.Contains("auth.change_user\tCan change user", lines);
        Assert.Contains("auth.add_group\tCan add group", lines);
        Assert.Contains("blog.publish_post\tCan publish post", lines);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_app_is_an_error(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.RunAsync(db, "permissions", "list", "--app", "shop");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(["error: No permissions in app 'shop'."], result.ErrLines);
    }
}
