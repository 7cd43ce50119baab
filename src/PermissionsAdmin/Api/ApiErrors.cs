using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace PermissionsAdmin.Api;

/// <summary>
/// Turns the administration services' refusals into RFC 7807 problem details, so every endpoint answers the same way:
/// a delegation refusal is 403, a stale <c>If-Match</c> 412, an unknown id 404, anything else 400 naming the field
/// when the service knows it. An endpoint that documents a 409 (a decision on an access request: no If-Match there,
/// the conflict is with what someone else did) answers its conflicts with it instead of 412. The services have already
/// changed nothing.
/// </summary>
internal sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AdministrationException refused)
        {
            return Problem(refused, DocumentsConflict(context.HttpContext));
        }
    }

    private static IResult Problem(AdministrationException refused, bool documentsConflict) => refused switch
    {
        ConcurrencyConflictException when documentsConflict =>
            TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        AdministrationDeniedException => TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed"),
        AdministrationNotFoundException => TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        ConcurrencyConflictException => TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status412PreconditionFailed,
            title: "Changed by someone else"),
        { Field: { } field } => Invalid(field, refused.Message),
        _ => TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status400BadRequest, title: "Refused"),
    };

    private static bool DocumentsConflict(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(r => r.StatusCode == StatusCodes.Status409Conflict) == true;

    /// <summary>
    /// A 400 validation problem naming the field at fault, as ASP.NET Core's own validation does, and as the JSON spells
    /// it: a service may name it after its own member (<c>ExpiresAt</c>).
    /// </summary>
    private static ValidationProblem Invalid(string field, string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [JsonNamingPolicy.CamelCase.ConvertName(field)] = [message] }, detail: message);
}
