using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    /// <summary>
    /// The account flags, the groups and both kinds of grants as one UNION ALL, read straight into the sets; ended
    /// memberships and grants are filtered out by the context, and the earliest end among the rest dates the subject.
    /// </summary>
    private async Task<PermissionSubject?> LoadAsync(int userId, CancellationToken cancellationToken)
    {
        var db = Db;
        SubjectRow? account = null;
        HashSet<string>? direct = null, viaGroups = null, groups = null;
        DateTime? expiresAt = null;
        await foreach (var row in SubjectQueries.GetValue(db.Model, CompileSubjectQuery)(db, userId).WithCancellation(cancellationToken))
        {
            switch (row.Kind)
            {
                case SubjectRow.Flags: account = row; break;
                case SubjectRow.Direct: (direct ??= new(StringComparer.Ordinal)).Add(row.Name); break;
                case SubjectRow.ViaGroup: (viaGroups ??= new(StringComparer.Ordinal)).Add(row.Name); break;
                case SubjectRow.Group: (groups ??= new(StringComparer.Ordinal)).Add(row.Name); break;
            }
            if (row.ExpiresAt < (expiresAt ?? DateTime.MaxValue)) expiresAt = row.ExpiresAt;
        }
        if (account is not { } flags) return null;
        return new PermissionSubject
        {
            UserId = userId,
            SecurityStamp = flags.SecurityStamp,
            IsActive = flags.IsActive,
            IsStaff = flags.IsStaff,
            IsSuperuser = flags.IsSuperuser,
            UserPermissions = ReadOnly(direct),
            GroupPermissions = ReadOnly(viaGroups),
            Groups = ReadOnly(groups),
            ExpiresAt = StoredTimes.Utc(expiresAt),
        };
    }

    /// <summary>
    /// The subject's statement compiled once per model, so a cold check does not build its LINQ tree and look it up in
    /// EF Core's query cache each time. Per model because a compiled query runs only against the model it was compiled
    /// for, and one process may hold several (another context type, another provider).
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Func<PermissionsDbContext, int, IAsyncEnumerable<SubjectRow>>> SubjectQueries = new();

    /// <summary>Grants come as <c>app.codename</c>, concatenated by the database; groups as their names.</summary>
    private static Func<PermissionsDbContext, int, IAsyncEnumerable<SubjectRow>> CompileSubjectQuery(IModel model) =>
        EF.CompileAsyncQuery((PermissionsDbContext db, int userId) =>
            db.Users.Where(u => u.Id == userId).Select(u => new SubjectRow
            {
                Kind = SubjectRow.Flags,
                Name = "",
                ExpiresAt = null,
                SecurityStamp = u.SecurityStamp,
                IsActive = u.IsActive,
                IsStaff = u.IsStaff,
                IsSuperuser = u.IsSuperuser,
            })
            .Concat(db.UserPermissions.Where(g => g.UserId == userId).Select(g => new SubjectRow
            {
                Kind = SubjectRow.Direct,
                Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename,
                ExpiresAt = g.ExpiresAt,
                SecurityStamp = null,
                IsActive = false,
                IsStaff = false,
                IsSuperuser = false,
            }))
            .Concat(db.GroupPermissions.Where(g => db.UserRoles.Any(m => m.UserId == userId && m.RoleId == g.GroupId)).Select(g => new SubjectRow
            {
                Kind = SubjectRow.ViaGroup,
                Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename,
                ExpiresAt = null,
                SecurityStamp = null,
                IsActive = false,
                IsStaff = false,
                IsSuperuser = false,
            }))
            .Concat(db.UserRoles.Where(m => m.UserId == userId).Join(db.Roles, m => m.RoleId, g => g.Id, (m, g) => new SubjectRow
            {
                Kind = SubjectRow.Group,
                Name = g.Name!,
                ExpiresAt = m.ExpiresAt,
                SecurityStamp = null,
                IsActive = false,
                IsStaff = false,
                IsSuperuser = false,
            })));

    /// <summary>The cached sets are shared by every request: read-only, and one empty set for all that hold nothing.</summary>
    private static ReadOnlySet<string> ReadOnly(HashSet<string>? names) =>
        names is null ? ReadOnlySet<string>.Empty : new ReadOnlySet<string>(names);

    private readonly struct SubjectRow
    {
        public const int Flags = 0, Direct = 1, ViaGroup = 2, Group = 3;
        public int Kind { get; init; }
        public required string Name { get; init; }

        /// <summary>A direct grant's or a membership's end; a group's grants end with the membership.</summary>
        public DateTime? ExpiresAt { get; init; }
        public string? SecurityStamp { get; init; }
        public bool IsActive { get; init; }
        public bool IsStaff { get; init; }
        public bool IsSuperuser { get; init; }
    }
}
