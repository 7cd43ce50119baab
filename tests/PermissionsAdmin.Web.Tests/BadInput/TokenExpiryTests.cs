using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.BadInput;

/// <summary>A token's lifetime is bounded at every door: the admin form, the CLI and the service itself.</summary>
public sealed class TokenExpiryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_enormous_number_of_days_is_refused_with_a_message(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var clerk = await site.CreateStaffAsync("clerk");
        var browser = await site.SignedInAsync("clerk");
        var page = await browser.GetAsync("/admin/tokens");
        var before = await DatabaseSnapshot.TakeAsync(site.Database);

        foreach (var days in new[] { "2147483647", "-2147483648", "0", "3651" })
        {
            var refused = await browser.PostAsync("/admin/tokens", page.Token, ("Name", "ci"), ("ExpiresInDays", days), ("ExpiresOn", ""));
            Assert.True(refused.Status == HttpStatusCode.OK && refused.Errors.Contains($"Enter a number of days from 1 to {PersonalAccessToken.MaxLifetimeDays}."),
                $"{days} days: {refused}");
        }
        var cli = await Manage.RunAsync(site.Database, "tokens", "create", "clerk", "--name", "ci", "--expires-in-days", "2147483647");
        Assert.Equal(1, cli.ExitCode);
        Assert.Equal([$"error: --expires-in-days must be between 1 and {PersonalAccessToken.MaxLifetimeDays}."], cli.ErrLines);

        var service = await Assert.ThrowsAsync<AdministrationException>(() => site.InScopeAsync(services =>
        {
            using var system = services.GetRequiredService<ActorAccessor>().ActAs(Actor.System("test", "test"));
            return services.GetRequiredService<TokenAdministration>().CreateAsync(clerk.Id, "ci", DateTime.MaxValue);
        }));
        Assert.Equal("expiresAt", service.Field);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(site.Database));
    }
}
