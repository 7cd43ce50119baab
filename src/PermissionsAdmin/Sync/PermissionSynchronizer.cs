using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Sync;

/// <summary>
/// Brings the stored content types and permissions in line with the <see cref="PermissionCatalogue"/>:
/// creates what is missing, renames what changed, reports what is stale and removes it only when asked.
/// Never touches a grant of a live permission. An unchanged catalogue costs one query.
/// </summary>
public sealed class PermissionSynchronizer(
    PermissionsDbContext db, PermissionCatalogue catalogue, PermissionCache cache, DelegationRules rules, AuditLog audit)
{
    /// <summary>The history's name for the permission catalogue's rows.</summary>
    public const string ObjectType = AuthPermissions.PermissionObjectType;

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
        // One flat, untracked read: at every start but the first nothing changes, and materialising and tracking
        // thousands of entities just to compare names cost far more than the round trip itself.
        var stored = await db.ContentTypes.AsNoTracking()
            .SelectMany(c => c.Permissions.DefaultIfEmpty(), (c, p) => new StoredRow(
                c.Id, c.AppLabel, c.Model, p == null ? null : p.Id, p == null ? null : p.Codename, p == null ? null : p.Name))
            .ToListAsync(cancellationToken);
        var storedTypes = stored.GroupBy(r => (r.AppLabel, r.Model))
            .ToDictionary(g => g.Key, g => (Id: g.First().ContentTypeId, Permissions: g.Where(r => r.PermissionId is not null).ToDictionary(r => r.Codename!)));
        var created = new List<string>();
        var createdTypes = new List<string>();
        var renamed = new List<string>();

        foreach (var definition in catalogue.ContentTypes)
        {
            if (!storedTypes.TryGetValue((definition.AppLabel, definition.Model), out var storedType))
            {
                var contentType = new ContentType { AppLabel = definition.AppLabel, Model = definition.Model };
                foreach (var permission in definition.Permissions)
                {
                    contentType.Permissions.Add(new Permission { Codename = permission.Codename, Name = permission.Name });
                    created.Add(permission.FullName);
                }
                db.ContentTypes.Add(contentType);
                createdTypes.Add($"{definition.AppLabel}.{definition.Model}");
                continue;
            }
            foreach (var permission in definition.Permissions)
            {
                if (!storedType.Permissions.TryGetValue(permission.Codename, out var row))
                {
                    db.Permissions.Add(new Permission { ContentTypeId = storedType.Id, Codename = permission.Codename, Name = permission.Name });
                    created.Add(permission.FullName);
                }
                else if (row.Name != permission.Name)
                {
                    renamed.Add($"{permission.FullName}: '{row.Name}' -> '{permission.Name}'");
                    var tracked = db.Permissions.Attach(new Permission { Id = row.PermissionId!.Value, ContentTypeId = storedType.Id, Codename = row.Codename!, Name = row.Name! });
                    tracked.Entity.Name = permission.Name;
                }
            }
        }

        var staleRows = stored.Where(r => r.PermissionId is not null)
            .Where(r => catalogue.Find($"{r.AppLabel}.{r.Codename}") is not { } live || live.Model != r.Model)
            .ToList();
        var stale = await DescribeStaleAsync(staleRows, cancellationToken);
        var removed = removeStale ? stale.Select(s => s.Name).ToList() : [];

        var report = new SyncReport(createdTypes, created, renamed, stale, removed, dryRun);
        if (dryRun || report.NothingToDo)
        {
            db.ChangeTracker.Clear();
            return report;
        }

        if (removeStale) await rules.RequireSuperuserAsync(Messages.Get("remove stale permissions"));
        await db.InTransactionAsync(async () =>
        {
            if (removeStale)
            {
                var grantsByName = stale.ToDictionary(s => s.Name);
                foreach (var row in staleRows)
                {
                    var grants = grantsByName[row.FullName];
                    var changes = new AuditChanges();
                    changes.Field("Grants", $"{grants.UserGrants} user, {grants.GroupGrants} group", null);
                    audit.Record(ObjectType, row.PermissionId!.Value, row.FullName, AuditAction.Deleted, changes);
                }
                // Grants go with their permission through the foreign keys' cascade.
                db.Permissions.RemoveRange(staleRows.Select(r => new Permission { Id = r.PermissionId!.Value, ContentTypeId = r.ContentTypeId, Codename = r.Codename!, Name = r.Name! }));
                var live = catalogue.ContentTypes.Select(d => (d.AppLabel, d.Model)).ToHashSet();
                db.ContentTypes.RemoveRange(storedTypes.Where(t => !live.Contains(t.Key))
                    .Select(t => new ContentType { Id = t.Value.Id, AppLabel = t.Key.AppLabel, Model = t.Key.Model }));
            }
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        if (removeStale) cache.InvalidateAll();
        return report;
    }

    private async Task<IReadOnlyList<StalePermission>> DescribeStaleAsync(List<StoredRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.PermissionId!.Value).ToList();
        var userGrants = await db.UserPermissions.Where(g => ids.Contains(g.PermissionId))
            .GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var groupGrants = await db.GroupPermissions.Where(g => ids.Contains(g.PermissionId))
            .GroupBy(g => g.PermissionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows
            .Select(r => new StalePermission(r.FullName, userGrants.GetValueOrDefault(r.PermissionId!.Value), groupGrants.GetValueOrDefault(r.PermissionId!.Value)))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A stored content type with one of its permissions (none: a type left without permissions).</summary>
    private sealed record StoredRow(int ContentTypeId, string AppLabel, string Model, int? PermissionId, string? Codename, string? Name)
    {
        public string FullName => $"{AppLabel}.{Codename}";
    }
}
