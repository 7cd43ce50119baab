namespace PermissionsAdmin.Authorization;

/// <summary>Endpoint metadata naming permissions, checked against the catalogue at startup.</summary>
internal interface IEndpointPermissions
{
    /// <summary>What is wrong with the named permissions, or null when the catalogue has them all.</summary>
    /// <param name="httpMethods">The HTTP methods the endpoint answers; empty when it answers any.</param>
    string? FindProblem(Permissions.PermissionCatalogue catalogue, IReadOnlyList<string> httpMethods);
}
