namespace PermissionsAdmin.Authorization;

/// <summary>Endpoint metadata naming permissions, checked against the catalogue at startup.</summary>
internal interface IEndpointPermissions
{
    /// <summary>What is wrong with the named permissions, or null when the catalogue has them all.</summary>
    string? FindProblem(Permissions.PermissionCatalogue catalogue);
}
