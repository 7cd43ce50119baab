using System.Security.Claims;

namespace PermissionsAdmin.Authorization;

/// <summary>A user or group holding permissions on one object, with those permissions.</summary>
public sealed record ObjectGrantHolder(int Id, string Name, IReadOnlyList<string> Permissions);

/// <summary>
/// Permissions on single objects, with one rule in every path: an active superuser holds everything; an inactive user
/// holds nothing; an anonymous visitor holds only the grants to anyone (while
/// <see cref="PermissionsAdminOptions.AnyoneObjectGrants"/> is on), never a model-level permission; otherwise a
/// model-level grant covers every object of its type (unless <see cref="PermissionsAdminOptions.ModelPermissionsCoverObjects"/>
/// is off) and object grants, direct, through a group or to anyone, add rights on single objects.
/// </summary>
public interface IObjectPermissionChecker
{
    Task<bool> HasPermissionAsync(ClaimsPrincipal user, string permission, object entity, CancellationToken cancellationToken = default);

    /// <summary>Every permission of the object's type that the user holds on it.</summary>
    Task<IReadOnlySet<string>> GetPermissionsAsync(ClaimsPrincipal user, object entity, CancellationToken cancellationToken = default);

    /// <summary>Loads the user's grants on all <paramref name="entities"/> in one query, for a list page's per-row checks.</summary>
    Task PrefetchAsync(ClaimsPrincipal user, IEnumerable<object> entities, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entities of <paramref name="source"/> the user may act on with all (or with <paramref name="requireAny"/>
    /// any) of the permissions: composable with filters, ordering and paging, and translated to one SQL statement.
    /// </summary>
    Task<IQueryable<T>> ObjectsForUserAsync<T>(
        IQueryable<T> source, ClaimsPrincipal user, IReadOnlyCollection<string> permissions,
        bool requireAny = false, bool useGroups = true, CancellationToken cancellationToken = default) where T : class;

    /// <summary>Users holding object grants on the entity (directly), a page at a time, with their permissions: two queries.</summary>
    Task<IReadOnlyList<ObjectGrantHolder>> UsersWithGrantsAsync(object entity, int skip = 0, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>The permissions granted to anyone on the entity, whether or not such grants are switched on.</summary>
    Task<IReadOnlyList<string>> AnyonePermissionsAsync(object entity, CancellationToken cancellationToken = default);

    /// <summary>Groups holding object grants on the entity, a page at a time, with their permissions: two queries.</summary>
    Task<IReadOnlyList<ObjectGrantHolder>> GroupsWithGrantsAsync(object entity, int skip = 0, int take = 50, CancellationToken cancellationToken = default);
}
