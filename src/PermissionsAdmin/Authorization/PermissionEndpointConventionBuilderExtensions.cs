using Microsoft.AspNetCore.Builder;

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
}
