using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

internal sealed class PermissionChecker(
    IServiceProvider services,
    PermissionSubjectStore subjects,
    IEnumerable<IPermissionSource> sources) : IPermissionChecker
{
    /// <summary>Resolved only by the queries that need it, so a warm check builds no DbContext.</summary>
    private PermissionsDbContext Db => services.GetRequiredService<PermissionsDbContext>();

    /// <summary>Sorted on the first decision not already cached on the subject: most requests need none.</summary>
    private IPermissionSource[]? _sortedSources;
    private static readonly IReadOnlySet<string> Nothing = FrozenSet<string>.Empty;

    public async Task<bool> HasPermissionAsync(ClaimsPrincipal user, string permission, CancellationToken cancellationToken = default)
    {
        PermissionName.ThrowIfMalformed(permission);
        var subject = await subjects.FindAsync(user, cancellationToken);
        return subject is not null && await DecideAsync(subject, permission, cancellationToken);
    }

    public async Task<bool> HasAllPermissionsAsync(ClaimsPrincipal user, IEnumerable<string> permissions, CancellationToken cancellationToken = default)
    {
        var names = Validate(permissions);
        if (names.Length == 0) return true;
        var subject = await subjects.FindAsync(user, cancellationToken);
        if (subject is null) return false;
        foreach (var name in names)
        {
            if (!await DecideAsync(subject, name, cancellationToken)) return false;
        }
        return true;
    }

    public async Task<bool> HasAnyPermissionAsync(ClaimsPrincipal user, IEnumerable<string> permissions, CancellationToken cancellationToken = default)
    {
        var names = Validate(permissions);
        var subject = await subjects.FindAsync(user, cancellationToken);
        if (subject is null) return false;
        foreach (var name in names)
        {
            if (await DecideAsync(subject, name, cancellationToken)) return true;
        }
        return false;
    }

    public async Task<bool> HasModulePermissionsAsync(ClaimsPrincipal user, string appLabel, CancellationToken cancellationToken = default)
    {
        var subject = await subjects.FindAsync(user, cancellationToken);
        return subject is not null && subject.HasModulePermissions(appLabel);
    }

    public async Task<IReadOnlySet<string>> GetAllPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var subject = await subjects.FindAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return Nothing;
        if (subject.IsSuperuser) return await AllCataloguePermissionsAsync(cancellationToken);
        return subject.UserPermissions.Union(subject.GroupPermissions).ToFrozenSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> GetUserPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var subject = await subjects.FindAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return Nothing;
        return subject.IsSuperuser ? await AllCataloguePermissionsAsync(cancellationToken) : subject.UserPermissions;
    }

    public async Task<IReadOnlySet<string>> GetGroupPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var subject = await subjects.FindAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return Nothing;
        return subject.IsSuperuser ? await AllCataloguePermissionsAsync(cancellationToken) : subject.GroupPermissions;
    }

    public IQueryable<PermissionsUser> UsersWithPermission(string permission, bool includeInactive = false, bool includeSuperusers = true)
    {
        var (app, codename) = PermissionName.Parse(permission);
        var db = Db;
        var users = db.Users.Where(u =>
            (includeSuperusers && u.IsSuperuser) ||
            u.Permissions.Any(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app) ||
            db.GroupPermissions.Any(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app &&
                db.UserRoles.Any(m => m.UserId == u.Id && m.RoleId == g.GroupId)));
        return includeInactive ? users : users.Where(u => u.IsActive);
    }

    /// <summary>The superuser and inactive rules, then the sources in order; cacheable answers are kept on the subject.</summary>
    internal async ValueTask<bool> DecideAsync(PermissionSubject subject, string permission, CancellationToken cancellationToken)
    {
        if (!subject.IsActive) return false;
        if (subject.IsSuperuser) return true;
        if (subject.Decisions.TryGetValue(permission, out var cached)) return cached;
        var cacheable = true;
        var allowed = false;
        foreach (var source in _sortedSources ??= sources.OrderBy(s => s.Order).ToArray())
        {
            cacheable &= source.IsCacheable;
            var vote = await source.VoteAsync(subject, permission, cancellationToken);
            if (vote == PermissionVote.Abstain) continue;
            allowed = vote == PermissionVote.Allow;
            break;
        }
        if (cacheable) subject.Decisions[permission] = allowed;
        return allowed;
    }

    private async Task<IReadOnlySet<string>> AllCataloguePermissionsAsync(CancellationToken cancellationToken) =>
        (await Db.Permissions.Select(p => p.ContentType.AppLabel + "." + p.Codename).ToListAsync(cancellationToken))
            .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>An array as is (a requirement's names are one), so the check of a requirement allocates nothing.</summary>
    private static string[] Validate(IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var names = permissions as string[] ?? permissions.ToArray();
        foreach (var name in names) PermissionName.ThrowIfMalformed(name);
        return names;
    }
}
