using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>
/// /api/v1/openapi/permissionsadmin.json against the endpoints the site really maps under /api/v1: every one is described, with what a
/// caller needs to call it and to handle its errors. Generic on purpose: an endpoint added tomorrow without its
/// metadata fails here, naming it.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.Site site) : IClassFixture<OpenApiDocumentTests.Site>
{
    /// <summary>
    /// Mapped under /api/v1 but rightly not in the document: the document itself, the page that shows it (Scalar's,
    /// also under a document's name) and the files it loads.
    /// </summary>
    private static readonly string[] Undocumented =
    [
        "GET /api/v1/openapi/{documentName}.json",
        "GET /api/v1/reference/{documentName}",
        "GET /api/v1/reference/favicon.svg",
        "GET /api/v1/reference/scalar.aspnetcore.js",
        "GET /api/v1/reference/scalar.js",
    ];

    [Fact]
    public void Every_api_endpoint_is_in_the_document_with_its_method()
    {
        var mapped = site.ApiEndpoints().ToList();
        Assert.Contains("GET /api/v1/me/permissions", mapped.Select(e => e.Key));

        var missing = mapped.Where(e => !e.Excluded && Operation(e.Method, e.Path) is null).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, "Mapped but missing from /api/v1/openapi/permissionsadmin.json:\n" + string.Join("\n", missing));
        Assert.Equal(Undocumented, mapped.Where(e => e.Excluded).Select(e => e.Key).Order());
    }

    [Fact]
    public void Every_api_endpoint_declares_its_methods()
    {
        var anyMethod = site.ApiEndpoints().Where(e => e.Method == "*").Select(e => e.Path).ToList();
        Assert.True(anyMethod.Count == 0, "Answers any HTTP method, so it cannot be described:\n" + string.Join("\n", anyMethod));
    }

    [Fact]
    public void Every_operation_has_an_id_a_summary_tags_and_its_answers()
    {
        // Without .WithTags an operation is filed under the application's name: as good as none.
        var defaultTag = site.Admin.App.Environment.ApplicationName;
        var faults = Operations()
            .SelectMany(o => FaultsOf(o.Method, o.Path, o.Operation, defaultTag).Select(f => $"{o.Method.ToUpperInvariant()} {o.Path}: {f}"))
            .ToList();
        Assert.True(faults.Count == 0, "Operations described incompletely:\n" + string.Join("\n", faults));

        var ids = Operations().Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }

    [Fact]
    public void The_document_declares_the_bearer_token_and_the_cookie_as_ways_in()
    {
        var schemes = site.Document.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.EnumerateObject().Single(s => Text(s.Value, "type") == "http" && Text(s.Value, "scheme") == "bearer");
        Assert.Contains("pat_", Text(bearer.Value, "description"), StringComparison.Ordinal);
        var cookie = schemes.EnumerateObject().Single(s => Text(s.Value, "type") == "apiKey" && Text(s.Value, "in") == "cookie");

        var required = site.Document.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Contains(bearer.Name, required);
        Assert.Contains(cookie.Name, required);
    }

    [Fact]
    public void Every_reference_in_the_document_resolves()
    {
        var broken = References(site.Document).Distinct().Where(r => !Resolves(site.Document, r)).ToList();
        Assert.True(broken.Count == 0, "References to nothing: " + string.Join(", ", broken));
    }

    /// <summary>
    /// The ETag claims are true: each GET about one user or group (a single id in its path) documents an ETag exactly
    /// when it answers with one.
    /// </summary>
    [Fact]
    public async Task Reads_of_one_user_or_group_document_the_ETag_they_answer_with()
    {
        var caller = await ApiClient.SignedInAsync(site.Admin, Site.Superuser);
        var userId = (await site.Admin.FindUserAsync(Site.Superuser))!.Id;
        var groupId = await site.Admin.GroupIdAsync(Site.Group);
        var reads = Operations().Where(o => o.Method == "get" && Regex.IsMatch(o.Path, "^/api/v1/(users|groups)/{[^}/]+}(/[^{}]*)?$"));

        var mismatches = new List<string>();
        foreach (var (_, path, operation) in reads)
        {
            var id = path.StartsWith("/api/v1/users/", StringComparison.Ordinal) ? userId : groupId;
            var response = await caller.GetAsync(Regex.Replace(path, "{[^}]+}", id.ToString(CultureInfo.InvariantCulture)));
            Assert.True(response.Status == HttpStatusCode.OK, $"GET {path}: {response}");
            var documented = operation.GetProperty("responses").GetProperty("200").TryGetProperty("headers", out var headers) && headers.TryGetProperty("ETag", out _);
            if (documented != (response.ETag is not null)) mismatches.Add($"GET {path}: documents an ETag: {documented}, answers one: {response.ETag is not null}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>What a caller would miss in one operation's description.</summary>
    private static IEnumerable<string> FaultsOf(string method, string path, JsonElement operation, string defaultTag)
    {
        if (string.IsNullOrWhiteSpace(Text(operation, "operationId"))) yield return "no operationId (.WithName)";
        if (string.IsNullOrWhiteSpace(Text(operation, "summary"))) yield return "no summary (.WithSummary)";
        var tags = operation.TryGetProperty("tags", out var list) ? list.EnumerateArray().Select(t => t.GetString()).ToList() : [];
        if (tags.Count == 0 || tags.Contains(defaultTag)) yield return "no tag (.WithTags)";

        var responses = operation.GetProperty("responses");
        if (!responses.EnumerateObject().Any(r => r.Name.StartsWith('2'))) yield return "no success answer (.Produces)";
        var expected = new List<int> { 401, 403 };
        if (path.Contains('{', StringComparison.Ordinal)) expected.Add(404);
        if (operation.TryGetProperty("requestBody", out _)) expected.Add(400);
        var isWrite = method is "post" or "put" or "patch" or "delete";
        var honoursIfMatch = HasHeaderParameter(operation, "If-Match");
        if (honoursIfMatch) expected.Add(412);
        if (isWrite && IsAboutOneUserOrGroup(path) && !honoursIfMatch) yield return "a write to one user or group without the If-Match header parameter";
        foreach (var status in expected)
        {
            if (!responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var response))
            {
                yield return $"no {status} answer";
            }
            else if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
            {
                yield return $"{status} is not described as application/problem+json";
            }
        }
    }

    /// <summary>
    /// /api/v1/users/{id}… and /api/v1/groups/{id}…: these carry an ETag and honour If-Match, except a group's members
    /// (changes to each user), a user's effective permissions (which follow their groups' too) and a group's access
    /// policy (its own record).
    /// </summary>
    private static bool IsAboutOneUserOrGroup(string path) =>
        Regex.IsMatch(path, "^/api/v1/(users|groups)/{[^}]+}(?!/(members|effective-permissions|access-policy)(/|$))");

    private static bool HasHeaderParameter(JsonElement operation, string name) =>
        operation.TryGetProperty("parameters", out var parameters) &&
        parameters.EnumerateArray().Any(p => Text(p, "in") == "header" && string.Equals(Text(p, "name"), name, StringComparison.OrdinalIgnoreCase));

    private JsonElement? Operation(string method, string path) =>
        site.Document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var operation)
            ? operation
            : null;

    private IEnumerable<(string Method, string Path, JsonElement Operation)> Operations() =>
        site.Document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
            .Select(o => (o.Name, path.Name, o.Value)));

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "$ref" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    /// <summary>Whether a local JSON pointer (#/components/schemas/User, …) names something in the document.</summary>
    private static bool Resolves(JsonElement document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return false;
        var node = document;
        foreach (var token in reference[2..].Split('/').Select(t => Uri.UnescapeDataString(t).Replace("~1", "/").Replace("~0", "~")))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(token, out node)) return false;
        }
        return true;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One site for the class: the document depends on the code, not on the data.</summary>
    public sealed class Site : IAsyncLifetime
    {
        public const string Superuser = "root";
        public const string Group = "Reviewers";

        private AdminSite? _admin;

        internal AdminSite Admin => _admin ?? throw new InvalidOperationException("The site is not started.");

        public JsonElement Document { get; private set; }

        public async ValueTask InitializeAsync()
        {
            _admin = await AdminSite.StartAsync(DatabaseKind.Sqlite);
            await _admin.CreateUserAsync(Superuser, staff: true, superuser: true);
            var group = await _admin.CreateGroupAsync(Group);
            // Requestable, so that every read about it answers.
            await _admin.InScopeAsync(services => services.GetRequiredService<AccessRequestAdministration>()
                .SetPolicyAsync(group.Id, new AccessPolicySettings { ApproverPermission = "auth.change_group" }));
            var response = await ApiClient.Anonymous(_admin).GetAsync("/api/v1/openapi/permissionsadmin.json");
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            Document = response.Json.Clone();
        }

        /// <summary>Each route endpoint under /api/v1, once per HTTP method ("*" when it takes any).</summary>
        internal IEnumerable<MappedEndpoint> ApiEndpoints() =>
            Admin.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Select(e => (Endpoint: e, Path: OpenApiPath(e.RoutePattern)))
                .Where(e => e.Path == "/api/v1" || e.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
                .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method =>
                    new MappedEndpoint(method, e.Path, e.Endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)));

        /// <summary>/api/v1/users/{id:int} as OpenAPI writes it: /api/v1/users/{id}.</summary>
        private static string OpenApiPath(RoutePattern pattern) =>
            "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}"),
            }))));

        public async ValueTask DisposeAsync()
        {
            if (_admin is not null) await _admin.DisposeAsync();
        }
    }

    internal sealed record MappedEndpoint(string Method, string Path, bool Excluded)
    {
        public string Key => $"{Method} {Path}";
    }
}
