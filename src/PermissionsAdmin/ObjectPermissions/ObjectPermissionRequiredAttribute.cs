using Microsoft.AspNetCore.Authorization;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// Requires a permission on the object named by a route value, e.g.
/// <c>[ObjectPermissionRequired(typeof(Post), "blog.change_post")]</c> on <c>/posts/{id}/edit</c>. Holds the
/// permission on this object (else 403), or, when the object does not exist, 404 only to a user who holds the
/// permission on the type or on at least one object of it, 403 to anyone else, so an id's existence does not leak.
/// An anonymous visitor passes on an object granted to anyone and is challenged everywhere else. The loaded entity is
/// available to the action through <c>HttpContext.GetCheckedObject&lt;T&gt;()</c>. It carries an
/// <see cref="ObjectPermissionRequirement"/>, checked by the authorization middleware like any other; minimal APIs use
/// <c>RequireObjectPermission</c>. Not an <see cref="AuthorizeAttribute"/>, which would add the default policy (a
/// signed-in user) and so shut out visitors from objects granted to anyone.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ObjectPermissionRequiredAttribute(Type entityType, string permission)
    : Attribute, IAuthorizationRequirementData, IEndpointPermissions
{
    public Type EntityType { get; } = entityType;
    public string Permission { get; } = permission;

    /// <summary>The route value holding the object's key.</summary>
    public string RouteKey { get; set; } = "id";

    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new ObjectPermissionRequirement(EntityType, Permission, RouteKey)];

    string? IEndpointPermissions.FindProblem(PermissionCatalogue catalogue, IReadOnlyList<string> httpMethods)
    {
        if (catalogue.FindContentType(EntityType) is not { } contentType) return $"Entity '{EntityType.FullName}' has no permissions in the catalogue";
        return catalogue.Find(Permission) is { } definition && definition.AppLabel == contentType.AppLabel && definition.Model == contentType.Model
            ? null
            : $"Unknown permission '{Permission}' for {contentType.AppLabel}.{contentType.Model}";
    }
}

/// <summary>The entity an <see cref="ObjectPermissionRequiredAttribute"/> loaded and checked for this request.</summary>
public static class CheckedObjectExtensions
{
    internal static readonly object ItemKey = new();

    public static T GetCheckedObject<T>(this Microsoft.AspNetCore.Http.HttpContext http) where T : class =>
        http.Items[ItemKey] as T ?? throw new InvalidOperationException(
            $"No {typeof(T).Name} was checked: put [ObjectPermissionRequired(typeof({typeof(T).Name}), ...)] on the action.");
}
