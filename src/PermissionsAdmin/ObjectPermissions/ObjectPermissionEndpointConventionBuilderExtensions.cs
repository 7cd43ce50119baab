using Microsoft.AspNetCore.Builder;

namespace PermissionsAdmin.ObjectPermissions;

public static class ObjectPermissionEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The minimal-API form of <see cref="ObjectPermissionRequiredAttribute"/>: the permission on the
    /// <paramref name="entityType"/> row whose key is the route value <paramref name="routeKey"/>.
    /// </summary>
    public static TBuilder RequireObjectPermission<TBuilder>(this TBuilder builder, Type entityType, string permission, string routeKey = "id")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ObjectPermissionRequiredAttribute(entityType, permission) { RouteKey = routeKey });
}
