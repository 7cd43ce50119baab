using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Tokens;

/// <summary>Who may do what with tokens, whichever door (admin, API, CLI) the request comes in by.</summary>
public sealed class TokenAdministrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_manage_only_their_own_tokens_and_a_token_cannot_mint_another(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var alice = await site.CreateUserAsync("alice");
        var bob = await site.CreateUserAsync("bob");
        var root = await site.CreateUserAsync("root", superuser: true);
        await TokenCaller.CreateTokenAsync(site, "bob", "ci");
        var bobsToken = (await TokenCaller.FindTokenAsync(site, "ci")).Id;

        await AsAsync(site, alice, signedInWithToken: false, async tokens =>
        {
            var mine = await tokens.CreateAsync(alice.Id, "mine", null);
            Assert.Equal("mine", Assert.Single(await tokens.ListAsync(alice.Id)).Name);
            await tokens.RevokeAsync(mine.Token.Id);
            Assert.Equal("You can create tokens only for yourself.",
                (await Assert.ThrowsAsync<AdministrationDeniedException>(() => tokens.CreateAsync(bob.Id, "x", null))).Message);
            Assert.Equal("Only a superuser can revoke another user's tokens.",
                (await Assert.ThrowsAsync<AdministrationDeniedException>(() => tokens.RevokeAsync(bobsToken))).Message);
            Assert.Equal("Only a superuser can see another user's tokens.",
                (await Assert.ThrowsAsync<AdministrationDeniedException>(() => tokens.ListAsync(bob.Id))).Message);
        });
        await AsAsync(site, alice, signedInWithToken: true, async tokens =>
            Assert.Equal("A token cannot create tokens; sign in to create one.",
                (await Assert.ThrowsAsync<AdministrationDeniedException>(() => tokens.CreateAsync(alice.Id, "more", null))).Message));
        await AsAsync(site, root, signedInWithToken: false, async tokens =>
        {
            await Assert.ThrowsAsync<AdministrationDeniedException>(() => tokens.CreateAsync(bob.Id, "x", null));
            await tokens.RevokeAsync(bobsToken);
        });
        Assert.NotNull((await TokenCaller.FindTokenAsync(site, "ci")).RevokedAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_a_user_deletes_their_tokens(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var bob = await site.CreateUserAsync("bob");
        await site.CreateUserAsync("alice");
        await TokenCaller.CreateTokenAsync(site, "bob", "ci");
        await TokenCaller.CreateTokenAsync(site, "alice", "ci");

        await site.InScopeAsync(services => services.GetRequiredService<UserAdministration>().DeleteAsync(bob.Id, null));

        Assert.Equal(["alice"], await site.QueryAsync(db => db.PersonalAccessTokens.Select(t => t.User.UserName!).ToListAsync()));
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="user"/> as the actor, as a request signed in by cookie or token would.</summary>
    private static Task AsAsync(AdminSite site, PermissionsUser user, bool signedInWithToken, Func<TokenAdministration, Task> body) =>
        site.InScopeAsync(async services =>
        {
            var claims = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity;
            var identity = new ClaimsIdentity(
                [new Claim(claims.UserIdClaimType, user.Id.ToString(CultureInfo.InvariantCulture)), new Claim(claims.UserNameClaimType, user.UserName!)],
                signedInWithToken ? PersonalAccessTokenDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme);
            var principal = new ClaimsPrincipal(identity);
            using var actor = services.GetRequiredService<ActorAccessor>().ActAs(new Actor(user.Id, user.UserName!, "api", principal));
            await body(services.GetRequiredService<TokenAdministration>());
        });
}
