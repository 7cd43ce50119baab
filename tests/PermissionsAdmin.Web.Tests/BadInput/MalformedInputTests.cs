using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.ObjectPermissions;
using PermissionsAdmin.Web.Tests.Support;
using PermissionsAdmin.Web.Tests.Tokens;

namespace PermissionsAdmin.Web.Tests.BadInput;

/// <summary>
/// Malformed values in every API parameter and every form field, generated from the application's endpoints and the
/// forms its pages show rather than listed by hand, in Development and Production on both providers. Each is refused
/// with a 4xx — a 404 only for an id in the route that names nothing — never a 5xx, and the database is left as it
/// was. One malformed value of each kind per parameter: enough to reach every parameter quickly.
/// </summary>
public sealed class MalformedInputTests
{
    private const string Nul = "a\0b";

    public static IEnumerable<TheoryDataRow<DatabaseKind, string>> ProvidersAndEnvironments() =>
        TestDatabase.Providers().SelectMany(provider => new[] { "Development", "Production" }
            .Select(environment => new TheoryDataRow<DatabaseKind, string>(provider.Data, environment) { Skip = provider.Skip }));

    [Theory]
    [MemberData(nameof(ProvidersAndEnvironments))]
    public async Task Every_api_parameter_refuses_malformed_values(DatabaseKind kind, string environment)
    {
        await using var site = await AdminSite.StartAsync(kind, environment: environment);
        var fixture = await Fixture.ArrangeAsync(site);
        var api = await ApiClient.SignedInAsync(site, "root");
        var operations = ApiSurface.Of(site.App.Services);
        var before = await SnapshotAsync(site);
        var failures = new List<string>();
        var sent = 0;

        foreach (var operation in operations)
        {
            foreach (var request in MalformedRequests(operation, fixture))
            {
                sent++;
                var response = await api.SendRawAsync(new HttpMethod(operation.Method), request.Path, request.Json);
                if (!request.Expected.Allows(response)) failures.Add($"{request} should be {request.Expected}; got {response}");
            }
            if (!(await SnapshotAsync(site)).SequenceEqual(before))
            {
                failures.Add($"{operation} changed the database.");
                before = await SnapshotAsync(site);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} malformed requests to {operations.Count} API operations.");
        Assert.True(operations.Count > 40, $"Only {operations.Count} API operations found.");
        Assert.True(failures.Count == 0, $"{failures.Count} malformed requests were not refused:\n\n{string.Join("\n\n", failures)}");
    }

    [Theory]
    [MemberData(nameof(ProvidersAndEnvironments))]
    public async Task Every_form_field_refuses_malformed_values(DatabaseKind kind, string environment)
    {
        await using var site = await AdminSite.StartAsync(kind, environment: environment);
        await Fixture.ArrangeAsync(site);
        var forms = (await CrawlAsync(await site.SignedInAsync("root"), "/", "/admin"))
            .Concat(await CrawlAsync(site.NewBrowser(), "/", "/admin/login"))
            .DistinctBy(found => $"{found.Form.Method} {Pattern(found.Form.Action)} {string.Join(",", found.Form.Names.Order(StringComparer.Ordinal))}")
            .ToList();
        var before = await SnapshotAsync(site);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (browser, pagePath, form) in forms)
        {
            foreach (var control in form.Controls.DistinctBy(c => c.Name))
            {
                foreach (var value in MalformedValues(form, control))
                {
                    sent++;
                    var what = $"{form.Method.ToUpperInvariant()} {form.Action} (form on {pagePath}) with {control.Name}={Show(value)}";
                    if (await JudgeAsync(browser, form, await SubmitAsync(browser, form, control, value)) is { } failure) failures.Add($"{what}: {failure}");
                }
            }
            // An id in the form's address that names nothing.
            if (form.Method == "post" && Regex.IsMatch(form.Action, @"/\d+"))
            {
                foreach (var id in new[] { "-1", "abc" })
                {
                    sent++;
                    var action = Regex.Replace(form.Action, @"/\d+(?!.*/\d)", "/" + id);
                    var answer = await browser.PostAsync(action, null, form.Fields.Select(f => (f.Name, (string?)f.Value)).ToArray());
                    if (answer.Status != HttpStatusCode.NotFound) failures.Add($"POST {action} (form on {pagePath}) should be 404: {answer}");
                }
            }
            if (!(await SnapshotAsync(site)).SequenceEqual(before))
            {
                failures.Add($"The form {form.Method} {form.Action} on {pagePath} changed the database.");
                before = await SnapshotAsync(site);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} malformed submissions of {forms.Count} forms:\n" + string.Join("\n",
            forms.Select(f => $"  {f.Form.Method.ToUpperInvariant()} {f.Form.Action} (on {f.Page}): {string.Join(", ", f.Form.Names)}")));
        Assert.True(forms.Count > 20, $"Only {forms.Count} forms found.");
        Assert.True(failures.Count == 0, $"{failures.Count} malformed submissions were not refused:\n\n{string.Join("\n\n", failures)}");
    }

    /// <summary>
    /// Every form on the pages reachable by links from <paramref name="starts"/>, a few pages per address pattern (ids
    /// as {n}, queries aside) since a page shows some forms only for some objects: what a browser shows is what can
    /// be posted.
    /// </summary>
    private static async Task<List<(AdminBrowser Browser, string Page, HtmlForm Form)>> CrawlAsync(AdminBrowser browser, params string[] starts)
    {
        const int PagesPerPattern = 5;
        var queue = new Queue<string>(starts);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var perPattern = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<(AdminBrowser, string, HtmlForm)>();
        while (queue.TryDequeue(out var path))
        {
            if (!visited.Add(path.Split('#')[0])) continue;
            var pattern = Pattern(path);
            if ((perPattern[pattern] = perPattern.GetValueOrDefault(pattern) + 1) > PagesPerPattern) continue;
            var page = await browser.GetAsync(path);
            if (page.Status != HttpStatusCode.OK) continue;
            found.AddRange(HtmlForm.ParseAll(page.Html, path).Select(form => (browser, path, form)));
            var links = new HtmlParser().ParseDocument(page.Html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!);
            foreach (var link in links.Where(IsPage)) queue.Enqueue(link);
        }
        return found;
    }

    /// <summary>A page of this site: not another site, a file, an image or the JSON API.</summary>
    private static bool IsPage(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.StartsWith("/api/", StringComparison.Ordinal)
        && !href.StartsWith("/_content/", StringComparison.Ordinal) && !href.Split('?')[0].EndsWith("/image", StringComparison.Ordinal)
        && !Regex.IsMatch(href.Split('?')[0], @"\.[a-z0-9]+$");

    private static string Pattern(string path) => Regex.Replace(path.Split('?', '#')[0], @"\d+", "{n}");

    /// <summary>
    /// Malformed values for a form control, by what the page says it holds: a NUL for every control, and values of
    /// the wrong kind for numbers and ids, flags, choices, lengths, e-mail addresses and dates; for a file, one that is
    /// not what the form takes.
    /// </summary>
    private static IEnumerable<string> MalformedValues(HtmlForm form, HtmlControl control)
    {
        if (control.Type == "file")
        {
            yield return "not a picture";
            yield break;
        }
        yield return Nul;
        var values = form.Controls.Where(c => c.Name == control.Name).SelectMany(c => c.Options.Append(c.Value)).Where(v => v.Length > 0).ToList();
        if (control.Type == "number" || values.Count > 0 && values.All(v => int.TryParse(v, out _)))
        {
            yield return "abc";
            yield return "2147483648";
            yield return "-1";
        }
        else if (values.Count > 0 && values.All(v => v is "true" or "false"))
        {
            yield return "maybe";
        }
        else if (control.Tag == "select")
        {
            yield return "nope";
        }
        if (control.MaxLength is { } max) yield return new string('x', max + 1);
        else if (form.Method == "get" && control.Type is "text" or "search") yield return new string('x', 10_000);
        if (control.Type == "email") yield return "not-an-email";
        if (control.Type == "date") yield return "not-a-date";
        if (control.Type == "datetime-local") yield return "not-a-time";
    }

    private static async Task<Page> SubmitAsync(AdminBrowser browser, HtmlForm form, HtmlControl control, string value)
    {
        if (form.Method == "get")
        {
            var query = string.Join("&", form.With(control.Name, value).Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value!)}"));
            return await browser.GetAsync($"{form.Action}?{query}");
        }
        if (!form.IsMultipart) return await browser.PostAsync(form.Action, null, form.With(control.Name, value));
        return control.Type == "file"
            ? await browser.PostMultipartAsync(form.Action, form.With(control.Name), (control.Name, "picture.png", Encoding.UTF8.GetBytes(value)))
            : await browser.PostMultipartAsync(form.Action, form.With(control.Name, value));
    }

    /// <summary>
    /// Why <paramref name="answer"/> is not a refusal, or null when it is. A form is refused with a 4xx, or (the
    /// site's and the admin's way with a form) with the page again or a redirect back, showing what is wrong; a
    /// search (GET) may also answer with what it finds. Never a 5xx, never a 404: the form's address exists.
    /// </summary>
    private static async Task<string?> JudgeAsync(AdminBrowser browser, HtmlForm form, Page answer)
    {
        var status = (int)answer.Status;
        if (status >= 500 || answer.Status == HttpStatusCode.NotFound) return $"answered {answer}";
        if (status is >= 400 and < 500 || form.Method == "get" && status is >= 200 and < 300) return null;
        if (answer.Status == HttpStatusCode.OK) return ShowsError(answer) ? null : $"accepted (200 without an error): {answer}";
        if (answer.Status == HttpStatusCode.Redirect)
        {
            var next = await browser.GetAsync(answer.Location!);
            return ShowsError(next) ? null : $"accepted (redirected to {answer.Location} without an error): {next}";
        }
        return $"answered {answer}";
    }

    /// <summary>Whether the page shows an error: the admin's alerts and field messages, or MVC's validation messages.</summary>
    private static bool ShowsError(Page page) =>
        page.Errors.Trim().Length > 0 || page.Html.Contains("field-validation-error", StringComparison.Ordinal)
        || page.Html.Contains("validation-summary-errors", StringComparison.Ordinal);

    /// <summary>The requests that put one malformed value in one parameter of <paramref name="operation"/>, the others valid.</summary>
    private static IEnumerable<MalformedRequest> MalformedRequests(ApiOperation operation, Fixture fixture)
    {
        var routeValues = operation.RouteValues.ToDictionary(p => p.Name, p => fixture.RouteValue(operation, p.Name));
        var body = operation.Body is null ? null : new JsonObject(operation.Body.Select(m =>
            KeyValuePair.Create(m.Name, fixture.MemberValue(operation, m))));
        string PathWith(string? name = null, string? value = null) => operation.RouteValues.Aggregate(operation.Route, (path, p) =>
            Regex.Replace(path, $"{{{p.Name}(:[^}}]*)?}}",
                Uri.EscapeDataString(p.Name == name ? value! : routeValues[p.Name])));
        var isRead = operation.Method == "GET";

        foreach (var parameter in operation.RouteValues)
        {
            // No NUL in a path: the server refuses it (400) before the application sees the request.
            foreach (var value in IsInteger(parameter.Type) ? ["abc", "2147483648", "-1"] : new[] { "x.nope", "nodot" })
            {
                var expected = IsInteger(parameter.Type) ? Expectation.NotFound : Expectation.RefusedOrNotFound;
                yield return new(operation, $"route {parameter.Name}={Show(value)}", PathWith(parameter.Name, value), body?.ToJsonString(), expected);
            }
        }
        foreach (var parameter in operation.Query)
        {
            foreach (var (value, unreadable) in QueryValues(parameter.Type))
            {
                var expected = unreadable ? Expectation.Naming(parameter.Name) : isRead ? Expectation.AnsweredOrRefused : Expectation.Refused;
                yield return new(operation, $"?{parameter.Name}={Show(value)}", $"{PathWith()}?{parameter.Name}={Uri.EscapeDataString(value)}",
                    body?.ToJsonString(), expected);
            }
        }
        if (body is null) yield break;
        // Without a body (null or nothing) an optional one is not malformed: it is left out.
        foreach (var json in operation.BodyRequired ? ["{not json", "[]", "null", ""] : new[] { "{not json", "[]" })
        {
            yield return new(operation, $"body {Show(json)}", PathWith(), json, Expectation.RefusedBody);
        }
        foreach (var member in operation.Body!)
        {
            foreach (var (value, unreadable) in MemberValues(member.Type))
            {
                var malformed = body.DeepClone().AsObject();
                malformed[member.Name] = value?.DeepClone();
                yield return new(operation, $"{member.Name}: {value?.ToJsonString() ?? "null"}", PathWith(), malformed.ToJsonString(),
                    unreadable ? Expectation.Naming(member.Name) : Expectation.Refused);
            }
        }
    }

    /// <summary>Values of the query parameter's type the framework cannot read (true), or readable but wrong (false).</summary>
    private static (string Value, bool Unreadable)[] QueryValues(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? [(Nul, false), (new string('x', 10_000), false)]
            : IsInteger(t) ? [("abc", true), ("99999999999999999999", true)]
            : t == typeof(bool) ? [("maybe", true)]
            : t.IsEnum ? [("nope", true)]
            : t == typeof(DateTime) || t == typeof(DateTimeOffset) ? [("not-a-date", true)]
            : throw new InvalidOperationException($"No malformed query values for {type}: add them.");
    }

    /// <summary>JSON values of the wrong type for a body member (true), or of its type but wrong (false).</summary>
    private static (JsonNode? Value, bool Unreadable)[] MemberValues(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t != typeof(string) && t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            is { } enumerable)
        {
            var elements = MemberValues(enumerable.GetGenericArguments()[0]);
            return [(JsonValue.Create("x"), true), (new JsonArray(elements.First(e => e.Unreadable).Value!.DeepClone()), true),
                .. elements.Where(e => !e.Unreadable).Select(e => ((JsonNode?)new JsonArray(e.Value!.DeepClone()), false))];
        }
        return t == typeof(string) ? [(JsonValue.Create(7), true), (JsonValue.Create(Nul), false)]
            : IsInteger(t) ? [(JsonValue.Create("x"), true), (JsonNode.Parse("99999999999999999999"), true), (JsonValue.Create(-1), false)]
            : t == typeof(bool) ? [(JsonValue.Create("yes"), true)]
            : throw new InvalidOperationException($"No malformed JSON values for {type}: add them.");
    }

    private static bool IsInteger(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long));

    private static string Show(string value) => value.Length > 20 ? $"{value.Length} × '{value[0]}'" : JsonSerializer.Serialize(value);

    private static Task<List<string>> SnapshotAsync(AdminSite site) => site.QueryAsync(DatabaseSnapshot.TakeAsync);

    /// <summary>The objects the malformed requests aim at, so that every other parameter of a request is valid.</summary>
    private sealed record Fixture(int BobId, int GroupId, int PostId, int RequestId)
    {
        public static async Task<Fixture> ArrangeAsync(AdminSite site)
        {
            await site.CreateUserAsync("root", staff: true, superuser: true);
            await TokenCaller.CreateTokenAsync(site, "root", "script");
            var bob = await site.CreateUserAsync("bob", permissions: ["blog.view_post"]);
            // Pending, for the decisions to aim at: Editors is requestable by the site's configuration.
            var request = await (await ApiClient.SignedInAsync(site, "bob")).PostAsync("/api/v1/me/access-requests",
                new { groupId = await site.GroupIdAsync("Editors"), justification = "For the launch.", duration = "8h" });
            Assert.True(request.Status == HttpStatusCode.Created, request.ToString());
            // Locked out, so that his page offers the unlock form too.
            await site.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<PermissionsUser>>();
                await users.SetLockoutEndDateAsync((await users.FindByIdAsync($"{bob.Id}"))!, DateTimeOffset.UtcNow.AddHours(1));
            });
            var group = await site.CreateGroupAsync("Moderators", "blog.view_post");
            await site.AddMemberAsync("Moderators", "bob");
            var post = await site.AddPostAsync("Bob's post", bob);
            return new Fixture(bob.Id, group.Id, post, request.Json.GetProperty("id").GetInt32());
        }

        /// <summary>An existing object for a route value, by its name and the collection it follows (users/{id}).</summary>
        public string RouteValue(ApiOperation operation, string name)
        {
            var segments = operation.Route.Split('/');
            var before = segments[Array.FindIndex(segments, s => s.StartsWith($"{{{name}", StringComparison.Ordinal)) - 1];
            return (name, before) switch
            {
                ("id", "users") or ("userId", _) => $"{BobId}",
                ("id", "groups") or ("groupId", _) => $"{GroupId}",
                ("id", "posts") or ("id", "{type}") => $"{PostId}",
                ("id", "access-requests") => $"{RequestId}",
                ("type", _) => "blog.post",
                ("permission", _) => "blog.view_post",
                _ => throw new InvalidOperationException($"No valid value for the route value '{name}' of {operation}: add one here."),
            };
        }

        /// <summary>A valid value for a body member, by its name (or, for flags, its type).</summary>
        public JsonNode? MemberValue(ApiOperation operation, ApiParameter member) => member.Name switch
        {
            "userName" => "fresh",
            "email" => "fresh@example.com",
            "password" => AdminSite.Password,
            "firstName" or "lastName" or "name" => "Fresh",
            "title" => "A fresh title",
            "body" => "A fresh body.",
            "permission" => "blog.change_post",
            "permissions" => new JsonArray("blog.change_post"),
            "userId" => BobId,
            "userIds" => new JsonArray(BobId),
            "groupId" => GroupId,
            "groupIds" => new JsonArray(GroupId),
            "expiresAt" => "2999-12-31T00:00:00Z",
            "justification" => "For the launch.",
            "comment" => "Fine.",
            "duration" => "8h",
            "maxDuration" => "7d",
            "groupPermissions" => new JsonArray("blog.view_post"),
            "requestPermission" or "approverPermission" => "blog.view_post",
            "approverGroup" => "Moderators",
            "approvalsNeeded" => 1,
            _ when (Nullable.GetUnderlyingType(member.Type) ?? member.Type) == typeof(bool) => false,
            _ => throw new InvalidOperationException($"No valid value for the member '{member.Name}' of {operation}: add one here."),
        };
    }

    private sealed record MalformedRequest(ApiOperation Operation, string What, string Path, string? Json, Expectation Expected)
    {
        public override string ToString() => $"{Operation} with {What}";
    }

    /// <summary>What a malformed request may be answered.</summary>
    private sealed record Expectation(string Description, Func<ApiResponse, bool> Allows)
    {
        /// <summary>An id in the route that names nothing.</summary>
        public static readonly Expectation NotFound = new("404", r => r.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);

        /// <summary>A name in the route: wrong (400) or naming nothing (404).</summary>
        public static readonly Expectation RefusedOrNotFound = new("400 or 404", r => r.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);

        /// <summary>Readable but wrong input: any refusal but "not found".</summary>
        public static readonly Expectation Refused = new("a 4xx other than 404", r => IsRefusal(r));

        /// <summary>A read may answer a query it can read, wrong or not, with nothing found.</summary>
        public static readonly Expectation AnsweredOrRefused = new("2xx or a 4xx other than 404", r => (int)r.Status is >= 200 and < 300 || IsRefusal(r));

        public static readonly Expectation RefusedBody = new("400 or 415", r => r.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType);

        /// <summary>Input the framework cannot read: a 400 problem naming the field, as README promises.</summary>
        public static Expectation Naming(string field) => new($"400 naming '{field}'", r => r.Status == HttpStatusCode.BadRequest && r.IsProblem
            && r.Json.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e =>
                e.Name.Equals(field, StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith("." + field, StringComparison.OrdinalIgnoreCase)));

        private static bool IsRefusal(ApiResponse response) => (int)response.Status is >= 400 and < 500 && response.Status != HttpStatusCode.NotFound;

        public override string ToString() => Description;
    }
}
