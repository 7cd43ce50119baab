using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class CheckTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_active_superuser_is_allowed_an_unknown_well_formed_permission_with_a_warning(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "root", "--superuser");

        var result = await Manage.RunAsync(db, "check", "root", "shop.refund_order");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["allowed"], result.OutLines);
        Assert.Equal(["warning: 'shop.refund_order' is not in the permission catalogue."], result.ErrLines);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_ordinary_user_is_denied_an_unknown_permission_with_a_warning(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "bob");

        var result = await Manage.RunAsync(db, "check", "bob", "blog.chnge_post");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["denied"], result.OutLines);
        Assert.Equal(["warning: 'blog.chnge_post' is not in the permission catalogue."], result.ErrLines);
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
