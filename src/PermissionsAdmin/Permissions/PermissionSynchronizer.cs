using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;

namespace PermissionsAdmin.Permissions;

/// <summary>
/// Brings the stored content types and permissions in line with the <see cref="PermissionCatalogue"/>:
/// creates what is missing, renames what changed, reports what is stale and removes it only when asked.
/// Never touches a grant of a live permission. An unchanged catalogue costs one query.
/// </summary>
public sealed class PermissionSynchronizer(
    PermissionsDbContext db, PermissionCatalogue catalogue, PermissionCache cache, DelegationRules rules, AuditLog audit)
{
    public async Task<SyncReport> SyncAsync(bool removeStale = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SyncOnceAsync(removeStale, dryRun, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance synced at the same moment and won the unique index; its rows are ours now.
            db.ChangeTracker.Clear();
            return await SyncOnceAsync(removeStale, dryRun, cancellationToken);
        }
    }

    private async Task<SyncReport> SyncOnceAsync(bool removeStale, bool dryRun, CancellationToken cancellationToken)
    {
        var stored = await db.ContentTypes.Include(c => c.Permissions).ToListAsync(cancellationToken);
        var storedByKey = stored.ToDictionary(c => (c.AppLabel, c.Model));
        var created = new List<string>();
        var createdTypes = new List<string>();
        var renamed = new List<string>();

        foreach (var definition in catalogue.ContentTypes)
        {
            if (!storedByKey.TryGetValue((definition.AppLabel, definition.Model), out var contentType))
            {
                contentType = new ContentType { AppLabel = definition.AppLabel, Model = definition.Model };
                db.ContentTypes.Add(contentType);
                createdTypes.Add($"{definition.AppLabel}.{definition.Model}");
            }
            foreach (var permission in definition.Permissions)
            {
                var row = contentType.Permissions.FirstOrDefault(p => p.Codename == permission.Codename);
                if (row is null)
                {
                    contentType.Permissions.Add(new Permission { Codename = permission.Codename, Name = permission.Name });
                    created.Add(permission.FullName);
                }
                else if (row.Name != permission.Name)
                {
                    renamed.Add($"{permission.FullName}: '{row.Name}' -> '{permission.Name}'");
                    row.Name = permission.Name;
                }
            }
        }

        var staleRows = stored.SelectMany(c => c.Permissions.Select(p => (ContentType: c, Permission: p)))
            .Where(x => !catalogue.Contains($"{x.ContentType.AppLabel}.{x.Permission.Codename}")
                || catalogue.Find($"{x.ContentType.AppLabel}.{x.Permission.Codename}")!.Model != x.ContentType.Model)
            .ToList();
        var stale = await DescribeStaleAsync(staleRows.Select(x => x.Permission).ToList(), cancellationToken);
        var removed = removeStale ? stale.Select(s => s.Name).ToList() : [];

        var report = new SyncReport(createdTypes, created, renamed, stale, removed, dryRun);
        if (dryRun || report.NothingToDo)
        {
            db.ChangeTracker.Clear();
            return report;
        }

        if (removeStale) await rules.RequireSuperuserAsync("remove stale permissions");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (removeStale)
        {
            var grantsByName = stale.ToDictionary(s => s.Name);
            foreach (var row in staleRows)
            {
                var grants = grantsByName[row.Permission.ToString()];
                var changes = new AuditChanges();
                changes.Field("Grants", $"{grants.UserGrants} user, {grants.GroupGrants} group", null);
                audit.Record("auth.permission", row.Permission.Id, row.Permission.ToString(), AuditAction.Deleted, changes);
            }
            // Grants go with their permission through the foreign keys' cascade.
            db.Permissions.RemoveRange(staleRows.Select(x => x.Permission));
            var live = catalogue.ContentTypes.Select(d => (d.AppLabel, d.Model)).ToHashSet();
            var emptied = stored.Where(c => !live.Contains((c.AppLabel, c.Model)));
            db.ContentTypes.RemoveRange(emptied);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (removeStale) cache.InvalidateAll();
        return report;
    }

    private async Task<IReadOnlyList<StalePermission>> DescribeStaleAsync(List<Permission> permissions, CancellationToken cancellationToken)
    {
        if (permissions.Count == 0) return [];
        var ids = permissions.Select(p => p.Id).ToList();
        var userGrants = await db.UserPermissions.Where(g => ids.Contains(g.PermissionId))
            .GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var groupGrants = await db.GroupPermissions.Where(g => ids.Contains(g.PermissionId))
            .GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return permissions
            .Select(p => new StalePermission(p.ToString(), userGrants.GetValueOrDefault(p.Id), groupGrants.GetValueOrDefault(p.Id)))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }
}
