using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Benchmarks.Shop;
using PermissionsAdmin.Benchmarks.Site;

namespace PermissionsAdmin.Benchmarks;

/// <summary>
/// <see cref="IPermissionChecker.HasPermissionAsync"/>: warm (the user's grants cached) against a plain set lookup,
/// and cold (the first check for a user: the one UNION ALL query on SQLite). The check in a new scope is a request's
/// first check with the cache warm; ColdCheck minus it is the query.
/// </summary>
[MemoryDiagnoser]
public class CheckerBenchmarks
{
    private BenchSite _site = null!;
    private AsyncServiceScope _scope;
    private IPermissionChecker _checker = null!;
    private PermissionCache _cache = null!;
    private HashSet<string> _held = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _site = await BenchSite.StartAsync();
        _scope = _site.Services.CreateAsyncScope();
        _checker = _scope.ServiceProvider.GetRequiredService<IPermissionChecker>();
        _cache = _site.Services.GetRequiredService<PermissionCache>();
        _held = [.. await _checker.GetAllPermissionsAsync(_site.Principal)];
        if (!_held.Contains(ShopData.CheckedPermission)) throw new InvalidOperationException("The measured user should hold the checked permission.");
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _scope.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<bool> HashSetContains() => Task.FromResult(_held.Contains(ShopData.CheckedPermission));

    [Benchmark]
    public Task<bool> WarmCheck() => _checker.HasPermissionAsync(_site.Principal, ShopData.CheckedPermission);

    [Benchmark]
    public async Task<bool> WarmCheckInNewScope()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPermissionChecker>().HasPermissionAsync(_site.Principal, ShopData.CheckedPermission);
    }

    [Benchmark]
    public async Task<bool> ColdCheck()
    {
        _cache.Invalidate(_site.UserId);
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPermissionChecker>().HasPermissionAsync(_site.Principal, ShopData.CheckedPermission);
    }
}
