using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>Every time the library stamps comes from the app's <see cref="TimeProvider"/>, not the machine's clock.</summary>
public sealed class ClockTests
{
    private static readonly DateTimeOffset Now = new(2031, 2, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sign_ins_new_users_tokens_and_history_are_stamped_by_the_apps_clock(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddSingleton<TimeProvider>(new SettableClock(Now)));
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");

        await browser.SubmitAsync("/admin/users/add", "/admin/users/add",
            ("UserName", "newcomer"), ("Password", AdminSite.Password), ("Password2", AdminSite.Password));
        await browser.SubmitAsync("/admin/tokens", "/admin/tokens", ("Name", "ci"), ("ExpiresInDays", "30"), ("ExpiresOn", ""));

        var stamps = await site.QueryAsync(async db => new
        {
            LastLogin = await db.Users.Where(u => u.UserName == "root").Select(u => u.LastLogin).SingleAsync(),
            Joined = await db.Users.Where(u => u.UserName == "newcomer").Select(u => u.DateJoined).SingleAsync(),
            Token = await db.PersonalAccessTokens.Select(t => new { t.CreatedAt, t.ExpiresAt }).SingleAsync(),
            // The groups as code were made in the database template, before this site started.
            History = await db.AuditEntries.Where(e => e.Channel != "startup").Select(e => new { e.At, e.ObjectType, e.ObjectRepr, e.Action }).ToListAsync(),
        });
        var now = Now.UtcDateTime;
        Assert.Equal(now, stamps.LastLogin);
        Assert.Equal(now, stamps.Joined);
        Assert.Equal(now, stamps.Token.CreatedAt);
        Assert.Equal(now.AddDays(30), stamps.Token.ExpiresAt);
        Assert.NotEmpty(stamps.History);
        Assert.All(stamps.History, e => Assert.True(e.At == now, e.ToString()));
    }
}
