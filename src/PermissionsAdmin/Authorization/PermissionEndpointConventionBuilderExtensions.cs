using Microsoft.AspNetCore.Builder;
using PermissionsAdmin.ObjectPermissions;

namespace PermissionsAdmin.Authorization;

public static class PermissionEndpointConventionBuilderExtensions
{
    /// <summary>The minimal-API form of <see cref="PermissionRequiredAttribute"/>: all of the permissions.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, params string[] permissions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionRequiredAttribute(permissions));

    /// <summary>Any one of the permissions is enough.</summary>
    public static TBuilder RequireAnyPermission<TBuilder>(this TBuilder builder, params string[] permissions)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionRequiredAttribute(permissions) { RequireAny = true });

    /// <summary>
    /// The minimal-API form of <see cref="ObjectPermissionRequiredAttribute"/>: the permission on the
    /// <paramref name="entityType"/> row whose key is the route value <paramref name="routeKey"/>.
    /// </summary>
    public static TBuilder RequireObjectPermission<TBuilder>(this TBuilder builder, Type entityType, string permission, string routeKey = "id")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ObjectPermissionRequiredAttribute(entityType, permission) { RouteKey = routeKey });
}
