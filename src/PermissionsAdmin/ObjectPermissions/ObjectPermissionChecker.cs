using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ObjectPermissions;

internal sealed class ObjectPermissionChecker(
    IServiceProvider services,
    PermissionCatalogue catalogue,
    PermissionSubjectStore subjects,
    PermissionChecker checker,
    IOptions<PermissionsAdminOptions> options) : IObjectPermissionChecker
{
    /// <summary>The key of an anonymous visitor's grants in <see cref="_grants"/>: no user has id 0.</summary>
    private const int Visitor = 0;

    /// <summary>This request's object grants of each user: (user, object) → permissions. Dropped on any grant change.</summary>
    private readonly Dictionary<(int UserId, ObjectReference Object), HashSet<string>> _grants = [];

    /// <summary>
    /// Resolved on first use: the tag helper and the authorization handler take this checker on every request, and
    /// most requests never ask about an object, so they should not build a DbContext for it.
    /// </summary>
    private PermissionsDbContext Db => services.GetRequiredService<PermissionsDbContext>();

    public async Task<bool> HasPermissionAsync(ClaimsPrincipal user, string permission, object entity, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var target = ObjectReference.Of(entity, db, catalogue);
        target.EnsureOwns(permission, catalogue);
        var subject = await subjects.FindAsync(user, cancellationToken);
        if (subject is null) return IsVisitor(user) && (await GrantsAsync(Visitor, [target], cancellationToken))[target].Contains(permission);
        if (!subject.IsActive) return false;
        if (subject.IsSuperuser) return true;
        if (options.Value.ModelPermissionsCoverObjects && await checker.DecideAsync(subject, permission, cancellationToken)) return true;
        // A list's rows were prefetched: answer those without building the lookup GrantsAsync returns.
        if (_grants.TryGetValue((subject.UserId, target), out var held)) return held.Contains(permission);
        return (await GrantsAsync(subject.UserId, [target], cancellationToken))[target].Contains(permission);
    }

    public async Task<IReadOnlySet<string>> GetPermissionsAsync(ClaimsPrincipal user, object entity, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var target = ObjectReference.Of(entity, db, catalogue);
        var subject = await subjects.FindAsync(user, cancellationToken);
        var all = target.ContentType.Permissions.Select(p => p.FullName).ToHashSet(StringComparer.Ordinal);
        if (subject is null) return IsVisitor(user) ? (await GrantsAsync(Visitor, [target], cancellationToken))[target] : new HashSet<string>();
        if (!subject.IsActive) return new HashSet<string>();
        if (subject.IsSuperuser) return all;
        var held = new HashSet<string>((await GrantsAsync(subject.UserId, [target], cancellationToken))[target], StringComparer.Ordinal);
        if (options.Value.ModelPermissionsCoverObjects)
        {
            foreach (var permission in all)
            {
                if (await checker.DecideAsync(subject, permission, cancellationToken)) held.Add(permission);
            }
        }
        return held;
    }

    public async Task PrefetchAsync(ClaimsPrincipal user, IEnumerable<object> entities, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var subject = await subjects.FindAsync(user, cancellationToken);
        var holder = subject switch
        {
            null when IsVisitor(user) => Visitor,
            { IsActive: true, IsSuperuser: false } => subject.UserId,
            _ => (int?)null,
        };
        if (holder is not { } id) return;
        await GrantsAsync(id, entities.Select(e => ObjectReference.Of(e, db, catalogue)).ToList(), cancellationToken);
    }

    public async Task<IQueryable<T>> ObjectsForUserAsync<T>(
        IQueryable<T> source, ClaimsPrincipal user, IReadOnlyCollection<string> permissions,
        bool requireAny = false, bool useGroups = true, CancellationToken cancellationToken = default) where T : class
    {
        var db = Db;
        var contentType = ObjectReference.ContentTypeOf(typeof(T), catalogue);
        foreach (var permission in permissions) new ObjectReference(contentType, 0).EnsureOwns(permission, catalogue);
        var subject = await subjects.FindAsync(user, cancellationToken);
        var visitor = subject is null && IsVisitor(user);
        if (!visitor && subject is not { IsActive: true } || permissions.Count == 0 && requireAny) return source.Where(_ => false);
        if (subject is { IsSuperuser: true }) return source;

        var needed = new List<string>();
        foreach (var permission in permissions)
        {
            var covered = subject is not null && options.Value.ModelPermissionsCoverObjects && await checker.DecideAsync(subject, permission, cancellationToken);
            if (covered && requireAny) return source;
            if (!covered) needed.Add(permission);
        }
        if (needed.Count == 0) return source;

        // All of them are permissions of T's content type: "any" is one filter over all the codenames, "all" one per codename.
        var key = ObjectReference.KeyName(db, typeof(T));
        var codenames = needed.Select(permission => PermissionName.Parse(permission).Codename).ToList();
        var holder = subject?.UserId ?? Visitor;
        if (requireAny) return source.Where(HeldOn<T>(holder, contentType.AppLabel, codenames, key, useGroups));
        return codenames.Aggregate(source, (query, codename) =>
            query.Where(HeldOn<T>(holder, contentType.AppLabel, [codename], key, useGroups)));
    }

    public async Task<IReadOnlyList<ObjectGrantHolder>> UsersWithGrantsAsync(object entity, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var target = ObjectReference.Of(entity, db, catalogue);
        var grants = GrantsOn(db.UserObjectPermissions, target);
        var page = await grants.Select(g => new { g.UserId, g.User.UserName }).Distinct()
            .OrderBy(u => u.UserName).ThenBy(u => u.UserId).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var ids = page.Select(u => u.UserId).ToList();
        var permissions = await grants.Where(g => ids.Contains(g.UserId))
            .Select(g => new { g.UserId, Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename })
            .ToListAsync(cancellationToken);
        return page.Select(u => new ObjectGrantHolder(u.UserId, u.UserName!,
            permissions.Where(p => p.UserId == u.UserId).Select(p => p.Name).Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public async Task<IReadOnlyList<ObjectGrantHolder>> GroupsWithGrantsAsync(object entity, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var target = ObjectReference.Of(entity, db, catalogue);
        var grants = GrantsOn(db.GroupObjectPermissions, target);
        var page = await grants.Select(g => new { g.GroupId, g.Group.Name }).Distinct()
            .OrderBy(g => g.Name).ThenBy(g => g.GroupId).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var ids = page.Select(g => g.GroupId).ToList();
        var permissions = await grants.Where(g => ids.Contains(g.GroupId))
            .Select(g => new { g.GroupId, Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename })
            .ToListAsync(cancellationToken);
        return page.Select(g => new ObjectGrantHolder(g.GroupId, g.Name!,
            permissions.Where(p => p.GroupId == g.GroupId).Select(p => p.Name).Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public async Task<IReadOnlyList<string>> AnyonePermissionsAsync(object entity, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var target = ObjectReference.Of(entity, db, catalogue);
        var app = target.ContentType.AppLabel;
        var codenames = await GrantsOn(db.AnyoneObjectPermissions, target).Select(g => g.Permission.Codename).ToListAsync(cancellationToken);
        return codenames.Select(codename => $"{app}.{codename}").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Forgets this request's loaded grants after a change made in the same request.</summary>
    internal void Forget() => _grants.Clear();

    /// <summary>
    /// The user's grants (direct, through groups and to anyone) on each object, or a <see cref="Visitor"/>'s (to anyone),
    /// loading the missing ones in one query.
    /// </summary>
    private async Task<Dictionary<ObjectReference, HashSet<string>>> GrantsAsync(
        int userId, IReadOnlyList<ObjectReference> targets, CancellationToken cancellationToken)
    {
        var db = Db;
        var missing = targets.Where(t => !_grants.ContainsKey((userId, t))).Distinct().ToList();
        foreach (var byType in missing.GroupBy(t => t.ContentType))
        {
            var (app, model) = (byType.Key.AppLabel, byType.Key.Model);
            var ids = byType.Select(t => t.ObjectId).ToArray();
            // EF.Parameter: the ids go as one array parameter (json_each on SQLite, = ANY on PostgreSQL), so the SQL is
            // the same for every page and EF reuses it. As one parameter per id, EF rebuilt the SQL on every request,
            // under a lock (a sampled profile of /posts: a quarter of this query's time).
            var toAnyone = db.AnyoneObjectPermissions
                .Where(g => EF.Parameter(ids).Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
                .Select(g => new { g.ObjectId, g.Permission.Codename });
            var direct = db.UserObjectPermissions
                .Where(g => g.UserId == userId && EF.Parameter(ids).Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
                .Select(g => new { g.ObjectId, g.Permission.Codename });
            var viaGroups = db.GroupObjectPermissions
                .Where(g => EF.Parameter(ids).Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model &&
                            db.UserRoles.Any(m => m.UserId == userId && m.RoleId == g.GroupId))
                .Select(g => new { g.ObjectId, g.Permission.Codename });
            var held = userId == Visitor ? toAnyone : direct.Concat(viaGroups);
            if (userId != Visitor && options.Value.AnyoneObjectGrants) held = held.Concat(toAnyone);
            var rows = await held.ToListAsync(cancellationToken);
            foreach (var target in byType)
            {
                _grants[(userId, target)] = rows.Where(r => r.ObjectId == target.ObjectId)
                    .Select(r => $"{app}.{r.Codename}").ToHashSet(StringComparer.Ordinal);
            }
        }
        return targets.Distinct().ToDictionary(t => t, t => _grants[(userId, t)]);
    }

    /// <summary>An anonymous visitor, who holds the grants to anyone while they are switched on.</summary>
    private bool IsVisitor(ClaimsPrincipal user) => user.Identity?.IsAuthenticated != true && options.Value.AnyoneObjectGrants;

    private static IQueryable<TGrant> GrantsOn<TGrant>(IQueryable<TGrant> grants, ObjectReference target) where TGrant : class
    {
        var (app, model, id) = (target.ContentType.AppLabel, target.ContentType.Model, target.ObjectId);
        return grants.Where(g => EF.Property<int>(g, nameof(UserObjectPermission.ObjectId)) == id &&
            EF.Property<ContentType>(g, nameof(UserObjectPermission.ContentType)).AppLabel == app &&
            EF.Property<ContentType>(g, nameof(UserObjectPermission.ContentType)).Model == model);
    }

    /// <summary>
    /// "The user holds one of <paramref name="codenames"/> on this row": the row's key is among the object ids of the
    /// user's grants, direct UNION ALL through groups UNION ALL to anyone (a <see cref="Visitor"/>: to anyone only). An
    /// uncorrelated IN becomes a semi-join, so the database reads the user's few grants from their indexes and fetches
    /// those rows by key; an EXISTS per row, OR-ed over the grant tables, made it test every row of the table instead
    /// (bench/PermissionsAdmin.Scenarios: 250 ms for 50 of 500,000 posts).
    /// </summary>
    private Expression<Func<T, bool>> HeldOn<T>(int userId, string app, List<string> codenames, string key, bool useGroups) where T : class
    {
        var db = Db;
        var toAnyone = db.AnyoneObjectPermissions
            .Where(g => codenames.Contains(g.Permission.Codename) && g.Permission.ContentType.AppLabel == app)
            .Select(g => g.ObjectId);
        if (userId == Visitor) return e => toAnyone.Contains(EF.Property<int>(e, key));
        var ids = db.UserObjectPermissions
            .Where(g => g.UserId == userId && codenames.Contains(g.Permission.Codename) && g.Permission.ContentType.AppLabel == app)
            .Select(g => g.ObjectId);
        if (useGroups)
        {
            ids = ids.Concat(db.GroupObjectPermissions
                .Where(g => codenames.Contains(g.Permission.Codename) && g.Permission.ContentType.AppLabel == app &&
                            db.UserRoles.Any(m => m.UserId == userId && m.RoleId == g.GroupId))
                .Select(g => g.ObjectId));
        }
        if (options.Value.AnyoneObjectGrants) ids = ids.Concat(toAnyone);
        return e => ids.Contains(EF.Property<int>(e, key));
    }
}
