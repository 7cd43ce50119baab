using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Admin.Dashboard;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Account;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, finding 10: a refused sign-in does the same work (one password hash) and says the same words whether
/// the user is unknown, the password wrong, or the account inactive or locked out, so neither the answer's speed nor
/// its text tells an outsider which names exist.
/// </summary>
public sealed class LoginTimingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_refused_site_and_admin_sign_in_hashes_once_and_says_the_same(DatabaseKind kind)
    {
        var hasher = new CountingPasswordHasher();
        await using var site = await AdminSite.StartAsync(kind,
            builder => builder.Services.AddSingleton<IPasswordHasher<PermissionsUser>>(hasher));
        await site.CreateStaffAsync("wrong");
        await site.CreateStaffAsync("inactive");
        await site.CreateStaffAsync("locked");
        await site.CreateUserAsync("plain");
        await site.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserAdministration>();
            await users.SetActiveAsync(await users.FindAsync("inactive"), false);
        });
        await site.QueryAsync(db => db.Users.Where(u => u.UserName == "locked")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddHours(1))));

        var cases = new[] { ("nobody", AdminSite.Password), ("wrong", "Not-the-password-1"), ("inactive", AdminSite.Password), ("locked", AdminSite.Password) };
        foreach (var (name, password) in cases)
        {
            var browser = site.NewBrowser();
            var form = await browser.GetAsync("/account/login");
            var before = hasher.Calls;
            var refused = await browser.PostAsync("/account/login", form.Token, ("UserNameOrEmail", name), ("Password", password));
            Assert.Equal((name, 1), (name, hasher.Calls - before));
            Assert.True(refused.Text.Contains(AccountController.InvalidCredentials, StringComparison.Ordinal), $"{name}: {refused}");
        }
        foreach (var (name, password) in cases.Append(("plain", AdminSite.Password)))
        {
            var browser = site.NewBrowser();
            var form = await browser.GetAsync("/admin/login");
            var before = hasher.Calls;
            var refused = await browser.PostAsync("/admin/login", form.Token, ("UserName", name), ("Password", password));
            Assert.Equal((name, 1), (name, hasher.Calls - before));
            Assert.True(refused.Text.Contains(DashboardController.StaffOnly, StringComparison.Ordinal), $"{name}: {refused}");
        }
    }

    /// <summary>Identity's hasher, counting the hashes it computes (hashing and verifying alike).</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<PermissionsUser>
    {
        private readonly PasswordHasher<PermissionsUser> _inner = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string HashPassword(PermissionsUser user, string password)
        {
            Interlocked.Increment(ref _calls);
            return _inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(PermissionsUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _calls);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
