using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// Deleting an object deletes its grants in the same SaveChanges (same transaction), so a new object that reuses
/// the key never inherits them (guardian's orphaned-permission trap). Bulk ExecuteDelete bypasses this: delete the
/// grants yourself there.
/// </summary>
internal sealed class ObjectGrantCleanup : ISaveChangesInterceptor
{
    public static readonly ObjectGrantCleanup Instance = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RemoveGrantsOfDeletedAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await RemoveGrantsOfDeletedAsync(eventData.Context, cancellationToken);
        return result;
    }

    private static async Task RemoveGrantsOfDeletedAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is not PermissionsDbContext db) return;
        var catalogue = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()
            ?.ApplicationServiceProvider?.GetService<PermissionCatalogue>();
        if (catalogue is null) return;
        var deleted = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Deleted && catalogue.FindContentType(e.Metadata.ClrType) is not null &&
                        e.Metadata.FindPrimaryKey() is { Properties: [{ ClrType: var keyType }] } && keyType == typeof(int))
            .Select(e => ObjectReference.Of(e.Entity, db, catalogue))
            .ToList();
        foreach (var byType in deleted.GroupBy(r => r.ContentType))
        {
            var (app, model) = (byType.Key.AppLabel, byType.Key.Model);
            var ids = byType.Select(r => r.ObjectId).ToList();
            db.UserObjectPermissions.RemoveRange(await db.UserObjectPermissions
                .Where(g => ids.Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
                .ToListAsync(cancellationToken));
            db.GroupObjectPermissions.RemoveRange(await db.GroupObjectPermissions
                .Where(g => ids.Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
                .ToListAsync(cancellationToken));
            db.AnyoneObjectPermissions.RemoveRange(await db.AnyoneObjectPermissions
                .Where(g => ids.Contains(g.ObjectId) && g.ContentType.AppLabel == app && g.ContentType.Model == model)
                .ToListAsync(cancellationToken));
        }
    }
}
