using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Process-wide cache of <see cref="PermissionSubject"/>s by user id. Every saved change that affects a user's
/// permissions invalidates it (see <see cref="PermissionChangeInterceptor"/>), so a check never sees a stale grant.
/// Changes made by other processes reach it through <see cref="Invalidate"/> and <see cref="InvalidateAll"/> (the
/// change feed, the scale-out listener); while any such channel is down the cache is <see cref="Suspend">suspended</see>.
/// </summary>
public sealed class PermissionCache : IDisposable
{
    private readonly MemoryCache _subjects;
    private readonly HashSet<object> _suspendedBy = [];
    private long _generation;
    private volatile bool _suspended;

    private readonly TimeProvider _clock;

    public PermissionCache(IOptions<PermissionsAdminOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _subjects = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CachedUsers });
    }

    /// <summary>Read before loading a subject; a load that raced with an invalidation is not cached.</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    /// <summary>True while caching is suspended: every lookup misses and nothing is stored, so every check reads the database.</summary>
    public bool IsSuspended => _suspended;

    /// <summary>
    /// A cached subject, unless one of its memberships or grants has ended since it was read (the load that follows
    /// replaces it): no job has to run at that moment for the next check to see the grant gone.
    /// </summary>
    internal bool TryGet(int userId, out PermissionSubject? subject)
    {
        if (!_suspended && _subjects.TryGetValue(userId, out subject) && (subject!.ExpiresAt is not { } end || end > _clock.GetUtcNow())) return true;
        subject = null;
        return false;
    }

    internal void Store(PermissionSubject subject, long generationBeforeLoad)
    {
        if (_suspended) return;
        _subjects.Set(subject.UserId, subject, new MemoryCacheEntryOptions { Size = 1 });
        if (Generation != generationBeforeLoad) _subjects.Remove(subject.UserId);
    }

    /// <summary>
    /// Stops caching until <paramref name="channel"/> calls <see cref="Resume"/>: for when changes made elsewhere
    /// might go unannounced (that channel is down). Drops every entry; a load already under way is not stored either.
    /// </summary>
    public void Suspend(object channel)
    {
        lock (_suspendedBy)
        {
            _suspendedBy.Add(channel);
            _suspended = true;
        }
        InvalidateAll();
    }

    /// <summary>
    /// <paramref name="channel"/> announces every change again: cache again, starting empty, once no other channel
    /// keeps the cache suspended.
    /// </summary>
    public void Resume(object channel)
    {
        InvalidateAll();
        lock (_suspendedBy)
        {
            _suspendedBy.Remove(channel);
            _suspended = _suspendedBy.Count > 0;
        }
    }

    public void Invalidate(int userId)
    {
        Interlocked.Increment(ref _generation);
        _subjects.Remove(userId);
    }

    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _subjects.Clear();
    }

    public void Dispose() => _subjects.Dispose();
}
