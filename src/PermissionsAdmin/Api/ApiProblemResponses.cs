using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace PermissionsAdmin.Api;

/// <summary>
/// Documents the errors every API operation can answer, by rule rather than per endpoint, so an endpoint's author
/// cannot forget one: 401 and 403 always; 404 when the route names something by id; 400 for writes (validation,
/// the cookie's antiforgery header) and for reads with query parameters (filters, the cursor); and, on a single user
/// or group, If-Match with 412 on writes and the ETag header on its answers. Each error is an RFC 7807 problem.
/// </summary>
internal sealed class ApiProblemResponses : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var route = new ApiRoute(description.ActionDescriptor.EndpointMetadata.OfType<ApiMount>().Single().Within(description.RelativePath));
        var method = description.HttpMethod ?? "";
        var isWrite = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var hasQuery = operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true;

        var problem = await SchemaAsync<ProblemDetails>(context, cancellationToken);
        operation.Responses ??= [];
        AddProblem(operation, StatusCodes.Status401Unauthorized, problem,
            "Not signed in: send a personal access token (Authorization: Bearer pat_…) or the site's sign-in cookie.");
        AddProblem(operation, StatusCodes.Status403Forbidden, problem,
            "Signed in, but without the auth.* permission this needs, or a delegation rule refuses the change; detail says which.");
        if (route.HasParameters)
        {
            AddProblem(operation, StatusCodes.Status404NotFound, problem,
                "Nothing with that id (answered only to callers allowed to look, so ids do not leak).");
        }
        if (isWrite || hasQuery)
        {
            AddProblem(operation, StatusCodes.Status400BadRequest, await SchemaAsync<HttpValidationProblemDetails>(context, cancellationToken),
                isWrite
                    ? "Invalid input: errors names each field at fault. Writes signed in with the cookie are also refused without the antiforgery header."
                    : "Invalid input: errors names each parameter at fault (a cursor this API did not hand out, for one).");
        }
        if (operation.Responses.ContainsKey("409"))
        {
            AddProblem(operation, StatusCodes.Status409Conflict, problem,
                "Conflicts with what someone did first: the request is already decided or pending, or its group changed since it was asked for; detail says which. Nothing was changed.");
        }
        if (route.IsSingleTaggedResource && isWrite)
        {
            RequireIfMatch(operation, problem);
        }
        // Answers about one user or group carry its ETag, except once it is deleted; so does a newly created one.
        if ((route.IsSingleTaggedResource && !(HttpMethods.IsDelete(method) && route.IsTaggedResourceItself)) ||
            (route.IsTaggedCollection && HttpMethods.IsPost(method)))
        {
            AddETagHeader(operation);
        }
    }

    private static void RequireIfMatch(OpenApiOperation operation, IOpenApiSchema problem)
    {
        operation.Parameters ??= [];
        if (!operation.Parameters.Any(p => p.In == ParameterLocation.Header && p.Name == "If-Match"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The ETag of the user or group as you last read it: the change is refused with 412 if someone " +
                    "changed it since. Without it the write is unconditional.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        AddProblem(operation, StatusCodes.Status412PreconditionFailed, problem,
            "If-Match no longer matches: someone changed the user or group since you read it. Nothing was changed; read it again.");
    }

    private static void AddETagHeader(OpenApiOperation operation)
    {
        foreach (var (status, response) in operation.Responses!)
        {
            if (!status.StartsWith('2') || response is not OpenApiResponse success) continue;
            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            success.Headers.TryAdd("ETag", new OpenApiHeader
            {
                Description = "The user's or group's current version: send it as If-Match on a write to refuse overwriting someone else's change.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static void AddProblem(OpenApiOperation operation, int status, IOpenApiSchema schema, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            // Declared by the endpoint (e.g. ProducesProblem): keep it, but say more than the bare reason phrase.
            if (string.IsNullOrEmpty(declared.Description) || declared.Description == ReasonPhrases.GetReasonPhrase(status))
            {
                declared.Description = description;
            }
            declared.Content ??= new Dictionary<string, OpenApiMediaType>();
            declared.Content.TryAdd(ProblemJson, new OpenApiMediaType { Schema = schema });
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        };
    }

    /// <summary>A reference to <typeparamref name="T"/>'s schema among the document's components, adding it the first time.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync<T>(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var name = typeof(T).Name;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
        }
        return new OpenApiSchemaReference(name, document);
    }
}
