using Microsoft.Extensions.Caching.Memory;
using PermissionsAdmin.Notices;

namespace PermissionsAdmin.Web.Account;

/// <summary>
/// The unread-notice count the header shows on every page, kept for a short while per user: without it every page
/// of a signed-in user would cost a query more. A new notice shows within <see cref="KeptFor"/>; the access page,
/// which marks them read, forgets the count at once.
/// </summary>
public static class UnreadNotices
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(30);

    public static async Task<int> CountAsync(IMemoryCache cache, Notifier notifier, int userId) =>
        await cache.GetOrCreateAsync(Key(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = KeptFor;
            return notifier.UnreadCountAsync(userId);
        });

    public static void Forget(IMemoryCache cache, int userId) => cache.Remove(Key(userId));

    private static string Key(int userId) => $"unread-notices:{userId}";
}
