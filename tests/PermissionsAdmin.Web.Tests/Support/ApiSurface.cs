using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>A parameter of an API operation: its name as sent (route value, query key or JSON member) and its type.</summary>
internal sealed record ApiParameter(string Name, Type Type);

/// <summary>One method on one route under /api, with what it reads from the route, the query and the JSON body.</summary>
/// <param name="BodyRequired">False for a body that may be left out (or sent empty), which changes nothing about its members.</param>
internal sealed record ApiOperation(
    string Method, string Route, IReadOnlyList<ApiParameter> RouteValues, IReadOnlyList<ApiParameter> Query, IReadOnlyList<ApiParameter>? Body,
    bool BodyRequired)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>
/// The API as the application maps it: every endpoint under /api in its <see cref="EndpointDataSource"/>, with the
/// parameters the framework binds as its API explorer describes them (route, query, body) and the body's JSON members
/// as the application's serializer names them. An endpoint the explorer does not describe fails the test, so an
/// endpoint added later cannot escape the tests built on this.
/// </summary>
internal static partial class ApiSurface
{
    public static IReadOnlyList<ApiOperation> Of(IServiceProvider services)
    {
        var descriptions = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .ToDictionary(d => Key(d.HttpMethod!, d.RelativePath!), StringComparer.OrdinalIgnoreCase);
        var json = new JsonSerializerOptions(services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions);
        var operations = new List<ApiOperation>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!route.StartsWith("/api/", StringComparison.Ordinal)) continue;
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                Assert.True(descriptions.TryGetValue(Key(method, route), out var description),
                    $"{method} {route} is mapped but its parameters are not described (API explorer).");
                var parameters = description.ParameterDescriptions;
                ApiParameter[] From(BindingSource source) =>
                    parameters.Where(p => p.Source == source).Select(p => new ApiParameter(p.Name, p.Type)).ToArray();
                var body = parameters.SingleOrDefault(p => p.Source == BindingSource.Body);
                operations.Add(new ApiOperation(method, Regex.Replace(route, "/$", ""), From(BindingSource.Path), From(BindingSource.Query),
                    body is null ? null : json.GetTypeInfo(body.Type).Properties.Select(p => new ApiParameter(p.Name, p.PropertyType)).ToList(),
                    body?.IsRequired == true));
            }
        }
        return operations;
    }

    /// <summary>Method and route without constraints or slashes at the ends, as both the endpoint and its description spell it.</summary>
    private static string Key(string method, string route) => $"{method} {Constraint().Replace(route, "}").Trim('/')}";

    [GeneratedRegex(":[^}]*}")]
    private static partial Regex Constraint();
}
