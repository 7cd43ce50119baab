using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

public sealed class CreateSuperuserTests
{
    internal const string StrongPassword = "Corr3ct-Horse-Battery";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Creates_an_active_staff_superuser_with_the_password_from_stdin(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.RunWithInputAsync(db, StrongPassword + "\n",
            "createsuperuser", "--username", "admin", "--email", "admin@example.com", "--password-stdin");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Superuser 'admin' created."], result.OutLines);
        Assert.Equal("", result.Err);
        await AssertSuperuserAsync(db, "admin", "admin@example.com", StrongPassword);
        Assert.Equal("allowed", await Manage.CheckAsync(db, "admin", "blog.publish_post"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_weak_password_is_refused_with_identitys_message_and_no_user_is_created(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.RunWithInputAsync(db, "abc\n",
            "createsuperuser", "--username", "admin", "--email", "admin@example.com", "--password-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        var error = Assert.Single(result.ErrLines);
        Assert.StartsWith("error: ", error);
        Assert.Contains("Passwords must be at least 6 characters.", error);
        Assert.Contains("Passwords must have at least one digit ('0'-'9').", error);
        Assert.False(await TestSite.QueryAsync(db, c => c.Users.AnyAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_stdin_is_refused(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await Manage.RunWithInputAsync(db, "",
            "createsuperuser", "--username", "admin", "--email", "admin@example.com", "--password-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: No password on standard input."], result.ErrLines);
        Assert.False(await TestSite.QueryAsync(db, c => c.Users.AnyAsync()));
    }

    internal static async Task AssertSuperuserAsync(TestDatabase db, string userName, string email, string password)
    {
        await using var site = TestSite.Build(db);
        using var scope = site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PermissionsUser>>();
        var user = await users.FindByNameAsync(userName);
        Assert.NotNull(user);
        Assert.Equal(email, user.Email);
        Assert.True(user.IsActive, "the superuser should be active");
        Assert.True(user.IsStaff, "the superuser should be staff");
        Assert.True(user.IsSuperuser, "the user should be a superuser");
        Assert.True(await users.CheckPasswordAsync(user, password), "the password should be the one given");
    }
}
