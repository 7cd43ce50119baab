using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PermissionsAdmin.Api;

namespace PermissionsAdmin;

public static class PermissionsApiServiceCollectionExtensions
{
    /// <summary>The API's OpenAPI document: a name of its own, so an app's own documents ("v1") stay the app's.</summary>
    public const string DocumentName = "permissionsadmin";

    /// <summary>
    /// What <c>MapPermissionsApi</c> needs: problem details for every error, the staff entry rule, and the OpenAPI
    /// document <see cref="DocumentName"/> describing the API, its two ways in (token and cookie) and every operation's errors.
    /// </summary>
    public static IServiceCollection AddPermissionsApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuthorizationHandler, ActiveStaffHandler>());
        services.AddOpenApi(DocumentName, openApi =>
        {
            openApi.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata.OfType<ApiMount>().Any();
            openApi.AddDocumentTransformer<ApiDocumentDescription>();
            openApi.AddOperationTransformer<ApiProblemResponses>();
        });
        return services;
    }
}
