using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Data;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Authorization;

internal sealed class PermissionChecker(
    PermissionsDbContext db,
    PermissionCache cache,
    IEnumerable<IPermissionSource> sources,
    IOptions<IdentityOptions> identityOptions) : IPermissionChecker
{
    private readonly IPermissionSource[] _sources = sources.OrderBy(s => s.Order).ToArray();
    private static readonly IReadOnlySet<string> Nothing = FrozenSet<string>.Empty;

    public async Task<bool> HasPermissionAsync(ClaimsPrincipal user, string permission, CancellationToken cancellationToken = default)
    {
        PermissionName.Parse(permission);
        var subject = await GetSubjectAsync(user, cancellationToken);
        return subject is not null && await DecideAsync(subject, permission, cancellationToken);
    }

    public async Task<bool> HasAllPermissionsAsync(ClaimsPrincipal user, IEnumerable<string> permissions, CancellationToken cancellationToken = default)
    {
        var names = Validate(permissions);
        if (names.Length == 0) return true;
        var subject = await GetSubjectAsync(user, cancellationToken);
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
        var subject = await GetSubjectAsync(user, cancellationToken);
        if (subject is null) return false;
        foreach (var name in names)
        {
            if (await DecideAsync(subject, name, cancellationToken)) return true;
        }
        return false;
    }

    public async Task<bool> HasModulePermissionsAsync(ClaimsPrincipal user, string appLabel, CancellationToken cancellationToken = default)
    {
        var subject = await GetSubjectAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return false;
        if (subject.IsSuperuser) return true;
        var prefix = appLabel + ".";
        return subject.UserPermissions.Concat(subject.GroupPermissions).Any(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }

    public async Task<IReadOnlySet<string>> GetAllPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var subject = await GetSubjectAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return Nothing;
        if (subject.IsSuperuser) return await AllCataloguePermissionsAsync(cancellationToken);
        return subject.UserPermissions.Union(subject.GroupPermissions).ToFrozenSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> GetUserPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var subject = await GetSubjectAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return Nothing;
        return subject.IsSuperuser ? await AllCataloguePermissionsAsync(cancellationToken) : subject.UserPermissions;
    }

    public async Task<IReadOnlySet<string>> GetGroupPermissionsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var subject = await GetSubjectAsync(user, cancellationToken);
        if (subject is null || !subject.IsActive) return Nothing;
        return subject.IsSuperuser ? await AllCataloguePermissionsAsync(cancellationToken) : subject.GroupPermissions;
    }

    public IQueryable<PermissionsUser> UsersWithPermission(string permission, bool includeInactive = false, bool includeSuperusers = true)
    {
        var (app, codename) = PermissionName.Parse(permission);
        var users = db.Users.Where(u =>
            (includeSuperusers && u.IsSuperuser) ||
            u.Permissions.Any(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app) ||
            db.GroupPermissions.Any(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app &&
                db.UserRoles.Any(m => m.UserId == u.Id && m.RoleId == g.GroupId)));
        return includeInactive ? users : users.Where(u => u.IsActive);
    }

    private async ValueTask<bool> DecideAsync(PermissionSubject subject, string permission, CancellationToken cancellationToken)
    {
        if (!subject.IsActive) return false;
        if (subject.IsSuperuser) return true;
        if (subject.Decisions.TryGetValue(permission, out var cached)) return cached;
        var cacheable = true;
        var allowed = false;
        foreach (var source in _sources)
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

    private async ValueTask<PermissionSubject?> GetSubjectAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var claim = user.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType);
        if (!int.TryParse(claim, out var userId)) return null;
        if (cache.TryGet(userId, out var subject)) return subject;
        var generation = cache.Generation;
        subject = await LoadSubjectAsync(userId, cancellationToken);
        if (subject is not null) cache.Store(subject, generation);
        return subject;
    }

    /// <summary>One round trip: the account flags and both kinds of grants as one UNION ALL.</summary>
    private async Task<PermissionSubject?> LoadSubjectAsync(int userId, CancellationToken cancellationToken)
    {
        var flags = db.Users.Where(u => u.Id == userId).Select(u => new SubjectRow
        {
            Kind = SubjectRow.Flags,
            AppLabel = "",
            Codename = "",
            IsActive = u.IsActive,
            IsStaff = u.IsStaff,
            IsSuperuser = u.IsSuperuser,
        });
        var direct = db.UserPermissions.Where(g => g.UserId == userId).Select(g => new SubjectRow
        {
            Kind = SubjectRow.Direct,
            AppLabel = g.Permission.ContentType.AppLabel,
            Codename = g.Permission.Codename,
            IsActive = false,
            IsStaff = false,
            IsSuperuser = false,
        });
        var viaGroups = db.GroupPermissions
            .Where(g => db.UserRoles.Any(m => m.UserId == userId && m.RoleId == g.GroupId))
            .Select(g => new SubjectRow
            {
                Kind = SubjectRow.ViaGroup,
                AppLabel = g.Permission.ContentType.AppLabel,
                Codename = g.Permission.Codename,
                IsActive = false,
                IsStaff = false,
                IsSuperuser = false,
            });
        var rows = await flags.Concat(direct).Concat(viaGroups).AsNoTracking().ToListAsync(cancellationToken);
        var account = rows.FirstOrDefault(r => r.Kind == SubjectRow.Flags);
        if (account is null) return null;
        return new PermissionSubject
        {
            UserId = userId,
            IsActive = account.IsActive,
            IsStaff = account.IsStaff,
            IsSuperuser = account.IsSuperuser,
            UserPermissions = Names(rows, SubjectRow.Direct),
            GroupPermissions = Names(rows, SubjectRow.ViaGroup),
        };
    }

    private static FrozenSet<string> Names(List<SubjectRow> rows, int kind) =>
        rows.Where(r => r.Kind == kind).Select(r => $"{r.AppLabel}.{r.Codename}").ToFrozenSet(StringComparer.Ordinal);

    private async Task<IReadOnlySet<string>> AllCataloguePermissionsAsync(CancellationToken cancellationToken) =>
        (await db.Permissions.Select(p => p.ContentType.AppLabel + "." + p.Codename).ToListAsync(cancellationToken))
            .ToFrozenSet(StringComparer.Ordinal);

    private static string[] Validate(IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        var names = permissions.ToArray();
        foreach (var name in names) PermissionName.Parse(name);
        return names;
    }

    private sealed class SubjectRow
    {
        public const int Flags = 0, Direct = 1, ViaGroup = 2;
        public int Kind { get; init; }
        public required string AppLabel { get; init; }
        public required string Codename { get; init; }
        public bool IsActive { get; init; }
        public bool IsStaff { get; init; }
        public bool IsSuperuser { get; init; }
    }
}
