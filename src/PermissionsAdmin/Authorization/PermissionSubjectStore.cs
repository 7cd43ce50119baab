using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Availability;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Finds the <see cref="PermissionSubject"/> of a principal: from the cache, else in one round trip. While the
/// database is down the cache is not consulted: a grant revoked meanwhile by another process might still be in it.
/// </summary>
public sealed class PermissionSubjectStore(
    IServiceProvider services, PermissionCache cache, DatabaseHealth health, IOptions<IdentityOptions> identityOptions)
{
    /// <summary>Resolved on a cache miss only, so a warm check builds no DbContext at all.</summary>
    private PermissionsDbContext Db => services.GetRequiredService<PermissionsDbContext>();

    /// <summary>Null for anonymous principals and for users that no longer exist.</summary>
    public async ValueTask<PermissionSubject?> FindAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var claim = user.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType);
        if (!int.TryParse(claim, out var userId)) return null;
        if (health.IsAvailable && cache.TryGet(userId, out var subject)) return subject;
        var generation = cache.Generation;
        subject = await LoadAsync(userId, cancellationToken);
        if (subject is not null) cache.Store(subject, generation);
        return subject;
    }

    /// <summary>The account flags, the groups and both kinds of grants as one UNION ALL.</summary>
    private async Task<PermissionSubject?> LoadAsync(int userId, CancellationToken cancellationToken)
    {
        var db = Db;
        var flags = db.Users.Where(u => u.Id == userId).Select(u => new SubjectRow
        {
            Kind = SubjectRow.Flags,
            AppLabel = "",
            Codename = "",
            SecurityStamp = u.SecurityStamp,
            IsActive = u.IsActive,
            IsStaff = u.IsStaff,
            IsSuperuser = u.IsSuperuser,
        });
        var direct = db.UserPermissions.Where(g => g.UserId == userId).Select(g => new SubjectRow
        {
            Kind = SubjectRow.Direct,
            AppLabel = g.Permission.ContentType.AppLabel,
            Codename = g.Permission.Codename,
            SecurityStamp = null,
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
                SecurityStamp = null,
                IsActive = false,
                IsStaff = false,
                IsSuperuser = false,
            });
        var groups = db.UserRoles.Where(m => m.UserId == userId)
            .Join(db.Roles, m => m.RoleId, g => g.Id, (_, g) => new SubjectRow
            {
                Kind = SubjectRow.Group,
                AppLabel = "",
                Codename = g.Name!,
                SecurityStamp = null,
                IsActive = false,
                IsStaff = false,
                IsSuperuser = false,
            });
        var rows = await flags.Concat(direct).Concat(viaGroups).Concat(groups).AsNoTracking().ToListAsync(cancellationToken);
        var account = rows.FirstOrDefault(r => r.Kind == SubjectRow.Flags);
        if (account is null) return null;
        return new PermissionSubject
        {
            UserId = userId,
            SecurityStamp = account.SecurityStamp,
            IsActive = account.IsActive,
            IsStaff = account.IsStaff,
            IsSuperuser = account.IsSuperuser,
            UserPermissions = Names(rows, SubjectRow.Direct),
            GroupPermissions = Names(rows, SubjectRow.ViaGroup),
            Groups = rows.Where(r => r.Kind == SubjectRow.Group).Select(r => r.Codename).ToFrozenSet(StringComparer.Ordinal),
        };
    }

    private static FrozenSet<string> Names(List<SubjectRow> rows, int kind) =>
        rows.Where(r => r.Kind == kind).Select(r => $"{r.AppLabel}.{r.Codename}").ToFrozenSet(StringComparer.Ordinal);

    private sealed class SubjectRow
    {
        public const int Flags = 0, Direct = 1, ViaGroup = 2, Group = 3;
        public int Kind { get; init; }
        public required string AppLabel { get; init; }
        public required string Codename { get; init; }
        public string? SecurityStamp { get; init; }
        public bool IsActive { get; init; }
        public bool IsStaff { get; init; }
        public bool IsSuperuser { get; init; }
    }
}
