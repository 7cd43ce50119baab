using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Drops cached permissions affected by saved changes: after SaveChanges, and again when the surrounding
/// transaction commits, so a check that read the old rows mid-transaction cannot leave a stale entry behind.
/// Covers every path through the context, UserManager and RoleManager included.
/// </summary>
internal sealed class PermissionChangeInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly PermissionChangeInterceptor Instance = new();

    private readonly ConditionalWeakTable<DbContext, AffectedUsers> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context, keepForCommit: true);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, keepForCommit: true);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Flush(eventData.Context, keepForCommit: true);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, keepForCommit: true);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Flush(eventData.Context, keepForCommit: false);

    public Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context, keepForCommit: false);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        var affected = _pending.GetOrCreateValue(context);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            switch (entry.Entity)
            {
                case UserPermission grant: affected.Add(grant.UserId); break;
                case IdentityUserRole<int> membership: affected.Add(membership.UserId); break;
                case PermissionsUser user: affected.Add(user.Id); break;
                // Group grants, groups and the catalogue reach many users: drop everything (rare writes).
                case GroupPermission or PermissionsGroup or Permission or ContentType: affected.All = true; break;
            }
        }
    }

    private void Flush(DbContext? context, bool keepForCommit)
    {
        if (context is null || !_pending.TryGetValue(context, out var affected)) return;
        var cache = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()
            ?.ApplicationServiceProvider?.GetService<PermissionCache>();
        if (cache is not null)
        {
            if (affected.All) cache.InvalidateAll();
            else foreach (var userId in affected.UserIds) cache.Invalidate(userId);
        }
        if (!keepForCommit || context.Database.CurrentTransaction is null) _pending.Remove(context);
    }

    private sealed class AffectedUsers
    {
        public HashSet<int> UserIds { get; } = [];
        public bool All { get; set; }

        public void Add(int userId) => UserIds.Add(userId);
    }
}
