using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Tokens;

/// <summary>What the site answered a request sent with a bearer token.</summary>
internal sealed record TokenResponse(HttpStatusCode Status, string? Location, string WwwAuthenticate, string Body)
{
    public override string ToString() => $"{(int)Status} {Location} WWW-Authenticate: {WwwAuthenticate}\n{Body}";
}

/// <summary>A script calling the site over TestServer with <c>Authorization: Bearer …</c> and no cookie at all.</summary>
internal static class TokenCaller
{
    public static Task<TokenResponse> GetAsync(AdminSite site, string path, string? token) => SendAsync(site, HttpMethod.Get, path, token, null);

    public static Task<TokenResponse> PostJsonAsync(AdminSite site, string path, string? token, object body) =>
        SendAsync(site, HttpMethod.Post, path, token, JsonContent.Create(body));

    private static async Task<TokenResponse> SendAsync(AdminSite site, HttpMethod method, string path, string? token, HttpContent? content)
    {
        using var client = site.App.GetTestClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return new TokenResponse(response.StatusCode, response.Headers.Location?.OriginalString,
            response.Headers.WwwAuthenticate.ToString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Creates a token for <paramref name="userName"/> as the system (the CLI's way) and returns its text.</summary>
    public static Task<string> CreateTokenAsync(AdminSite site, string userName, string name, DateTime? expiresAt = null) =>
        site.InScopeAsync(async services =>
        {
            var owner = await services.GetRequiredService<PermissionsAdmin.Users.UserAdministration>().FindAsync(userName);
            return (await services.GetRequiredService<TokenAdministration>().CreateAsync(owner.Id, name, expiresAt)).Text;
        });

    public static Task<PersonalAccessToken> FindTokenAsync(AdminSite site, string name) =>
        site.QueryAsync(db => db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.Name == name));
}
