using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.ChangeFeed;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// The plain sites (<see cref="AdminSite.StartAsync"/> with no services added and the default environment) kept for
/// the next test: a test's site goes back when the test disposes it, set back as a new one would start (its database
/// to the template's rows, nothing cached, its logs into the next test's output), so each provider's plain site is
/// built about once per test class running at the same time, not once per test: building one and its first requests
/// cost about 150 ms of CPU.
/// A site that is stopping, whose change feed or database a test broke, whose schema a test changed, or whose SQLite
/// database is still being written when its test ends, is disposed instead.
/// </summary>
internal static class SitePool
{
    private static readonly ConcurrentDictionary<DatabaseKind, ConcurrentBag<AdminSite>> Free = new();

    public static async Task<AdminSite> TakeAsync(DatabaseKind kind)
    {
        if (!FreeSites(kind).TryTake(out var site)) return await AdminSite.BuildAsync(kind, configure: null, environment: null, kept: true);
        site.Logs.WriteToCurrentTest();
        return site;
    }

    public static async ValueTask PutBackAsync(AdminSite site)
    {
        site.Logs.Detach();
        if (await ResetAsync(site)) FreeSites(site.Database.Kind).Add(site);
        else await site.ShutDownAsync();
    }

    /// <summary>Sets <paramref name="site"/> back as a new one starts; false when it cannot be used again.</summary>
    internal static async Task<bool> ResetAsync(AdminSite site)
    {
        var services = site.App.Services;
        var usable = !services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested
            && services.GetRequiredService<PermissionChangeFeed>().IsReading
            && services.GetRequiredService<DatabaseHealth>().IsAvailable
            && await SiteDatabaseTemplates.ResetAsync(site.Database);
        if (!usable) return false;
        services.GetRequiredService<PermissionCache>().InvalidateAll();
        ((MemoryCache)services.GetRequiredService<IMemoryCache>()).Clear();
        return true;
    }

    /// <summary>Disposes the kept sites (once the last test has run).</summary>
    public static async ValueTask DisposeAsync()
    {
        foreach (var sites in Free.Values)
        {
            while (sites.TryTake(out var site)) await site.ShutDownAsync();
        }
    }

    private static ConcurrentBag<AdminSite> FreeSites(DatabaseKind kind) => Free.GetOrAdd(kind, _ => []);
}
