using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Registers one named policy per catalogue permission, so <c>IAuthorizationService.AuthorizeAsync(User, "blog.change_post")</c>
/// works without replacing the default policy provider (whose per-endpoint policy cache a subclass would turn off).
/// </summary>
internal sealed class PermissionPolicies(PermissionCatalogue catalogue) : IConfigureOptions<AuthorizationOptions>
{
    public void Configure(AuthorizationOptions options)
    {
        foreach (var permission in catalogue.Permissions)
        {
            options.AddPolicy(permission.FullName, policy => policy.AddRequirements(new PermissionRequirement([permission.FullName])));
        }
    }
}
