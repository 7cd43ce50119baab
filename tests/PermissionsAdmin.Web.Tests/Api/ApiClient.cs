using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>
/// A caller of /api/v1 over TestServer: signed in with the site's cookie (writes then send the antiforgery header,
/// as a page's script would) or with a bearer token (as a script would), or anonymous.
/// </summary>
internal sealed class ApiClient
{
    private readonly AdminBrowser _browser;
    private readonly HttpClient _http;
    private readonly string? _bearer;
    private string? _antiforgery;

    private ApiClient(HttpClient http, AdminBrowser browser, string? bearer)
    {
        _http = http;
        _browser = browser;
        _bearer = bearer;
    }

    public static ApiClient Anonymous(AdminSite site) => new(site.App.GetTestClient(), site.NewBrowser(), null);

    public static ApiClient WithToken(AdminSite site, string token) => new(site.App.GetTestClient(), site.NewBrowser(), token);

    /// <summary>Signs in through the site's login page (any active user, staff or not).</summary>
    public static async Task<ApiClient> SignedInAsync(AdminSite site, string userName)
    {
        var browser = site.NewBrowser();
        var login = await browser.SubmitAsync("/account/login", "/account/login",
            ("UserNameOrEmail", userName), ("Password", AdminSite.Password));
        Assert.True(login.Status == HttpStatusCode.Redirect && browser.HasSignInCookie, $"{userName} could not sign in: {login}");
        return new ApiClient(site.App.GetTestClient(), browser, null);
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<ApiResponse> PostAsync(string path, object? body = null, string? ifMatch = null) => SendAsync(HttpMethod.Post, path, body, ifMatch);

    public Task<ApiResponse> PutAsync(string path, object? body, string? ifMatch = null) => SendAsync(HttpMethod.Put, path, body, ifMatch);

    public Task<ApiResponse> PatchAsync(string path, object? body, string? ifMatch = null) => SendAsync(HttpMethod.Patch, path, body, ifMatch);

    public Task<ApiResponse> DeleteAsync(string path, string? ifMatch = null) => SendAsync(HttpMethod.Delete, path, null, ifMatch);

    /// <summary>Sends raw text as the JSON body, or no body when it is null (for malformed-input tests).</summary>
    public Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? json) =>
        SendAsync(method, path, json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"), null);

    /// <summary>The language the caller asks for (Accept-Language), as a browser's script would send it.</summary>
    public string? AcceptLanguage
    {
        get => _browser.AcceptLanguage;
        set => _browser.AcceptLanguage = value;
    }

    /// <summary>Leaves the antiforgery header out of cookie-authenticated writes (CSRF tests).</summary>
    public bool OmitAntiforgery { get; set; }

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is HttpContent content) request.Content = content;
        else if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        if (_bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearer);
        else if (method != HttpMethod.Get && !OmitAntiforgery && _browser.HasSignInCookie)
        {
            _antiforgery ??= (await GetAsync("/api/v1/antiforgery")).Json.GetProperty("requestToken").GetString();
            request.Headers.Add("RequestVerificationToken", _antiforgery);
        }
        using var response = await _browser.SendRawAsync(request, _http);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, response.Headers.ETag?.ToString(),
            response.Content.Headers.ContentType?.MediaType, response.Headers.WwwAuthenticate.ToString())
        {
            Location = response.Headers.Location?.OriginalString,
        };
    }
}

/// <summary>What the API answered. <see cref="Json"/> parses the body; problem details have title, detail, errors.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Body, string? ETag, string? MediaType, string WwwAuthenticate)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Where a 201 says the new resource is.</summary>
    public string? Location { get; init; }

    public string? Detail => IsProblem && Json.TryGetProperty("detail", out var detail) ? detail.GetString() : null;

    public bool IsProblem => MediaType == "application/problem+json";

    /// <summary>The messages a validation problem gives for <paramref name="field"/>.</summary>
    public string[] ErrorsFor(string field) =>
        IsProblem && Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToArray()
            : [];

    public override string ToString() => $"{(int)Status} {MediaType} ETag={ETag}\n{(Body.Length > 4000 ? Body[..4000] + "…" : Body)}";
}
