using System.Security.Claims;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Answers every permission question, with Django's semantics: an active superuser holds everything, an inactive
/// or anonymous user holds nothing, anyone else holds the union of direct and group grants plus what the
/// registered <see cref="IPermissionSource"/>s allow. Answers are never stale: any saved change is seen by the
/// next check. Names are <c>app_label.codename</c>; a name without a dot throws <see cref="ArgumentException"/>.
/// </summary>
public interface IPermissionChecker
{
    Task<bool> HasPermissionAsync(ClaimsPrincipal user, string permission, CancellationToken cancellationToken = default);

    /// <summary>True when the user holds every permission; an empty list is true.</summary>
    Task<bool> HasAllPermissionsAsync(ClaimsPrincipal user, IEnumerable<string> permissions, CancellationToken cancellationToken = default);

    /// <summary>True when the user holds at least one of the permissions; an empty list is false.</summary>
    Task<bool> HasAnyPermissionAsync(ClaimsPrincipal user, IEnumerable<string> permissions, CancellationToken cancellationToken = default);

    /// <summary>True when the user holds any permission of the app (Django's <c>has_module_perms</c>).</summary>
    Task<bool> HasModulePermissionsAsync(ClaimsPrincipal user, string appLabel, CancellationToken cancellationToken = default);

    /// <summary>The stored grants the user holds, direct and through groups (every permission for a superuser).</summary>
    Task<IReadOnlySet<string>> GetAllPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    Task<IReadOnlySet<string>> GetUserPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    Task<IReadOnlySet<string>> GetGroupPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Users holding a stored grant of the permission, directly or through a group, or as active superusers.
    /// Composable; custom sources are not consulted (they answer per user).
    /// </summary>
    IQueryable<PermissionsUser> UsersWithPermission(string permission, bool includeInactive = false, bool includeSuperusers = true);
}
