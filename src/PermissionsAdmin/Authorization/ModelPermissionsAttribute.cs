using Microsoft.AspNetCore.Authorization;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// For API controllers: the HTTP method picks the entity's permission. GET, HEAD and OPTIONS need view (reads are
/// not free, unlike Django REST framework), POST add, PUT and PATCH change, DELETE delete.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ModelPermissionsAttribute(Type entityType) : AuthorizeAttribute, IAuthorizationRequirementData, IEndpointPermissions
{
    public Type EntityType { get; } = entityType;

    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new ModelPermissionRequirement(EntityType)];

    private static readonly string[] AnyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The entity must be in the catalogue, with the permission of every method the endpoint answers.</summary>
    string? IEndpointPermissions.FindProblem(PermissionCatalogue catalogue, IReadOnlyList<string> httpMethods)
    {
        if (catalogue.FindContentType(EntityType) is not { } contentType)
        {
            return $"Entity '{EntityType.FullName}' has no permissions in the catalogue";
        }
        var missing = (httpMethods.Count > 0 ? httpMethods : AnyMethod)
            .Select(ModelPermissionRequirement.ActionFor)
            .OfType<string>()
            .Distinct()
            .Select(action => $"{contentType.AppLabel}.{action}_{contentType.Model}")
            .Where(name => !catalogue.Contains(name))
            .ToList();
        return missing.Count == 0 ? null
            : $"Unknown permission {string.Join(", ", missing.Select(name => $"'{name}'"))} needed by [ModelPermissions(typeof({EntityType.Name}))]";
    }
}

public sealed class ModelPermissionRequirement(Type entityType) : IAuthorizationRequirement
{
    public Type EntityType { get; } = entityType;

    /// <summary>The action an HTTP method needs, or null for a method that is never allowed.</summary>
    public static string? ActionFor(string method) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" or "OPTIONS" => "view",
        "POST" => "add",
        "PUT" or "PATCH" => "change",
        "DELETE" => "delete",
        _ => null,
    };
}
