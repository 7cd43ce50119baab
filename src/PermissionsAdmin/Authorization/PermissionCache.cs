using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Process-wide cache of <see cref="PermissionSubject"/>s by user id. Every saved change that affects a user's
/// permissions invalidates it (see <see cref="PermissionChangeInterceptor"/>), so a check never sees a stale grant.
/// </summary>
public sealed class PermissionCache : IDisposable
{
    private readonly MemoryCache _subjects;
    private long _generation;

    public PermissionCache(IOptions<PermissionsAdminOptions> options)
    {
        _subjects = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CachedUsers });
    }

    /// <summary>Read before loading a subject; a load that raced with an invalidation is not cached.</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    internal bool TryGet(int userId, out PermissionSubject? subject) => _subjects.TryGetValue(userId, out subject);

    internal void Store(PermissionSubject subject, long generationBeforeLoad)
    {
        _subjects.Set(subject.UserId, subject, new MemoryCacheEntryOptions { Size = 1 });
        if (Generation != generationBeforeLoad) _subjects.Remove(subject.UserId);
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
