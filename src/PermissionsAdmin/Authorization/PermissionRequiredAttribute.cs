using Microsoft.AspNetCore.Authorization;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Requires permissions on a controller, action or Razor Page: all of them, or any one with <see cref="RequireAny"/>.
/// Anonymous visitors are challenged (sign-in redirect for pages, 401 for APIs); signed-in users without the
/// permission get 403. It is an <see cref="AuthorizeAttribute"/> carrying a requirement, so
/// <c>[AllowAnonymous]</c>, <see cref="IAuthorizationService"/> and the authorization middleware behave as usual.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class PermissionRequiredAttribute : AuthorizeAttribute, IAuthorizationRequirementData, IEndpointPermissions
{
    public PermissionRequiredAttribute(params string[] permissions)
    {
        if (permissions.Length == 0) throw new ArgumentException("Name at least one permission.", nameof(permissions));
        foreach (var permission in permissions) PermissionName.ThrowIfMalformed(permission);
        Permissions = permissions;
    }

    public IReadOnlyList<string> Permissions { get; }

    /// <summary>Any one of the permissions is enough.</summary>
    public bool RequireAny { get; set; }

    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new PermissionRequirement(Permissions, RequireAny)];

    string? IEndpointPermissions.FindProblem(PermissionCatalogue catalogue, IReadOnlyList<string> httpMethods) =>
        Permissions.FirstOrDefault(p => !catalogue.Contains(p)) is { } unknown ? $"Unknown permission '{unknown}'" : null;
}
