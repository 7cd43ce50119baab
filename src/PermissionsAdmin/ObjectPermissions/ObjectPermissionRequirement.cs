using Microsoft.AspNetCore.Authorization;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// The user must hold <see cref="Permission"/> on the <see cref="EntityType"/> row whose key is the request's route
/// value <see cref="RouteKey"/>; answered by <see cref="ObjectPermissionHandler"/>.
/// </summary>
public sealed class ObjectPermissionRequirement(Type entityType, string permission, string routeKey = "id") : IAuthorizationRequirement
{
    public Type EntityType { get; } = entityType;
    public string Permission { get; } = permission;
    public string RouteKey { get; } = routeKey;

    public override string ToString() => $"{nameof(ObjectPermissionRequirement)}: {Permission} on the {EntityType.Name} in route value '{RouteKey}'";
}
