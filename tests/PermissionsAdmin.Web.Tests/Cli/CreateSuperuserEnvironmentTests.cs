using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Management;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Cli;

/// <summary>The password from the environment, or from nowhere; these tests own the process environment.</summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class CreateSuperuserEnvironmentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Takes_the_password_from_the_environment_variable(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        using var _ = EnvironmentVariable.Set(ManagementCli.SuperuserPasswordVariable, CreateSuperuserTests.StrongPassword);

        var result = await Manage.RunAsync(db, "createsuperuser", "--username", "root", "--email", "root@example.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Superuser 'root' created."], result.OutLines);
        await CreateSuperuserTests.AssertSuperuserAsync(db, "root", "root@example.com", CreateSuperuserTests.StrongPassword);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_a_password_source_fails_with_a_clear_message_and_creates_nothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        using var _ = EnvironmentVariable.Set(ManagementCli.SuperuserPasswordVariable, null);

        var result = await Manage.RunAsync(db, "createsuperuser", "--username", "root", "--email", "root@example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(
            ["error: No password given: use --password-stdin, set PERMISSIONSADMIN_SUPERUSER_PASSWORD, or run in a terminal."],
            result.ErrLines);
        Assert.False(await TestSite.QueryAsync(db, c => c.Users.AnyAsync()));
    }
}
