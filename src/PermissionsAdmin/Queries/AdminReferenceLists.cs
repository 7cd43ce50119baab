using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Queries;

/// <summary>
/// Lists many admin pages show, kept between requests: every group (the users list's filter, the user page's chooser)
/// and every stored permission (the choosers). A kept list is reused while the permission cache's generation stays
/// where it was when the list was read: every write to groups or the catalogue moves it, in this process or in another
/// (the change feed), so a list is never staler than a permission check. Nothing is kept while that cache is suspended.
/// </summary>
public sealed class AdminReferenceLists
{
    private readonly Kept<IReadOnlyList<GroupOption>> _groups;
    private readonly Kept<IReadOnlyList<PermissionChoice>> _permissions;

    internal AdminReferenceLists(PermissionCache cache)
    {
        _groups = new(cache);
        _permissions = new(cache);
    }

    public Task<IReadOnlyList<GroupOption>> GroupsAsync(PermissionsDbContext db) => _groups.GetAsync(async () =>
        await db.Roles.AsNoTracking().OrderBy(r => r.Name).Select(r => new GroupOption(r.Id, r.Name!)).ToListAsync());

    internal Task<IReadOnlyList<PermissionChoice>> PermissionsAsync(Func<Task<IReadOnlyList<PermissionChoice>>> read) =>
        _permissions.GetAsync(read);

    private sealed class Kept<T>(PermissionCache cache) where T : class
    {
        private volatile Entry? _current;

        public async Task<T> GetAsync(Func<Task<T>> read)
        {
            var generation = cache.Generation; // before reading: a change during the read leaves the list stale, and unused
            if (_current is { } current && current.Generation == generation && !cache.IsSuspended) return current.Value;
            var value = await read();
            if (!cache.IsSuspended) _current = new Entry(generation, value);
            return value;
        }

        private sealed record Entry(long Generation, T Value);
    }
}

public sealed record GroupOption(int Id, string Name);
