using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class CheckTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_permission_is_refused_even_for_a_superuser(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "root", "--superuser");
        await Manage.SucceedAsync(db, "users", "create", "bob");

        foreach (var (user, permission) in new[] { ("root", "shop.refund_order"), ("bob", "blog.chnge_post"), ("root", "Blog.Change_Post") })
        {
            var result = await Manage.RunAsync(db, "check", user, permission);

            Assert.Equal(1, result.ExitCode);
            Assert.Empty(result.OutLines);
            Assert.Equal([$"error: Unknown permission '{permission}'."], result.ErrLines);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_known_permission_gives_no_warning(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");

        var result = await Manage.RunAsync(db, "check", "bob", "blog.change_post");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["denied"], result.OutLines);
        Assert.Equal("", result.Err);
    }
}
