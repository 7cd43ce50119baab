using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace PermissionsAdmin.Api;

/// <summary>
/// Input the framework cannot bind (<c>?limit=abc</c>, <c>?staff=maybe</c>, a JSON member of the wrong type) is a 400
/// validation problem naming the field, whatever the environment. Minimal APIs throw
/// <see cref="BadHttpRequestException"/> for it only where <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> is set
/// (Development), and elsewhere answer a bare 400 that cannot say which field; so the API's endpoints are mapped
/// throwing in every environment (<see cref="Throwing"/>), and each endpoint turns the exception into the problem.
/// The request delegates generated at compile time (<c>EnableRequestDelegateGenerator</c>) answer an unparsable
/// optional or nullable value with a bare 400 even when told to throw; such an answer is turned into the problem too,
/// naming the value that does not parse.
/// </summary>
internal static partial class ApiBadRequests
{
    /// <summary>
    /// <paramref name="endpoints"/> as seen by the endpoints mapped through it: the same data sources, but with
    /// <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> on, so the site's other endpoints keep their own setting.
    /// </summary>
    public static IEndpointRouteBuilder Throwing(IEndpointRouteBuilder endpoints) => new ThrowingRouteBuilder(endpoints);

    /// <summary>Answers the binding failures of the group's endpoints with validation problems.</summary>
    public static TBuilder AnswerBadRequests<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.Add(endpoint =>
        {
            var bind = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async http =>
            {
                try
                {
                    await bind(http);
                }
                catch (BadHttpRequestException unreadable) when (!http.Response.HasStarted)
                {
                    await ProblemFor(unreadable).ExecuteAsync(http);
                    return;
                }
                if (http.Response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false } && UnparsableValue(http) is { } field)
                {
                    await InvalidValue(field).ExecuteAsync(http);
                }
            };
        });
        return endpoints;
    }

    private static IResult ProblemFor(BadHttpRequestException unreadable)
    {
        if (unreadable.StatusCode != StatusCodes.Status400BadRequest)
        {
            // Not a field's fault (e.g. 415 for a body that is not JSON).
            return TypedResults.Problem(unreadable.Message, statusCode: unreadable.StatusCode);
        }
        var field = FieldOf(unreadable);
        return unreadable.InnerException is JsonException
            ? Problem(field, $"The body is not valid JSON for this request{(field == "body" ? "" : $": check '{field}'")}.")
            : InvalidValue(field);
    }

    private static ValidationProblem InvalidValue(string field) => Problem(field, $"The value of '{field}' is not valid here.");

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    /// <summary>The first of the endpoint's parsed parameters whose value in the route or query does not parse, if any.</summary>
    private static string? UnparsableValue(HttpContext http)
    {
        foreach (var parameter in http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            if (!parameter.HasTryParse) continue;
            var value = http.Request.RouteValues.TryGetValue(parameter.Name, out var routeValue)
                ? Convert.ToString(routeValue, CultureInfo.InvariantCulture)
                : http.Request.Query[parameter.Name].ToString();
            if (!string.IsNullOrEmpty(value) && !Parses(parameter.ParameterInfo.ParameterType, value))
            {
                return JsonNamingPolicy.CamelCase.ConvertName(parameter.Name);
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="value"/> parses as the framework parses it: the type's TryParse, invariant culture.</summary>
    private static bool Parses(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return Enum.TryParse(type, value, ignoreCase: true, out _);
        object?[] withCulture = [value, CultureInfo.InvariantCulture, null];
        if (type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]) is { } parse)
        {
            return (bool)parse.Invoke(null, withCulture)!;
        }
        object?[] plain = [value, null];
        return type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]) is not { } plainParse
            || (bool)plainParse.Invoke(null, plain)!;
    }

    /// <summary>The JSON member at fault (its path's first name), else the parameter the framework's message names.</summary>
    private static string FieldOf(BadHttpRequestException unreadable)
    {
        if (unreadable.InnerException is JsonException { Path: { } path } && JsonMember().Match(path) is { Success: true } member)
        {
            return member.Groups[1].Value;
        }
        if (unreadable.InnerException is JsonException) return "body";
        // The framework's messages quote the parameter as "Type name", e.g. Failed to bind parameter "int? limit" from "abc".
        return ParameterName().Match(unreadable.Message) is { Success: true } parameter
            ? JsonNamingPolicy.CamelCase.ConvertName(parameter.Groups[1].Value)
            : "body";
    }

    [GeneratedRegex(@"^\$\.?([^.\[]+)")]
    private static partial Regex JsonMember();

    [GeneratedRegex("parameter \"(?:[^\"]* )?([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();

    private sealed class ThrowingRouteBuilder(IEndpointRouteBuilder inner) : IEndpointRouteBuilder, IServiceProvider
    {
        private static readonly IOptions<RouteHandlerOptions> ThrowOnBadRequest =
            Options.Create(new RouteHandlerOptions { ThrowOnBadRequest = true });

        public IServiceProvider ServiceProvider => this;

        public ICollection<EndpointDataSource> DataSources => inner.DataSources;

        public IApplicationBuilder CreateApplicationBuilder() => inner.CreateApplicationBuilder();

        public object? GetService(Type serviceType) =>
            serviceType == typeof(IOptions<RouteHandlerOptions>) ? ThrowOnBadRequest : inner.ServiceProvider.GetService(serviceType);
    }
}
