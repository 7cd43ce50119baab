using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Benchmarks.Shop;
using PermissionsAdmin.Benchmarks.Site;

namespace PermissionsAdmin.Benchmarks;

/// <summary><c>IAuthorizationService.AuthorizeAsync(user, "shop.view_product")</c> against a policy that only needs a signed-in user.</summary>
[MemoryDiagnoser]
public class AuthorizationServiceBenchmarks
{
    private BenchSite _site = null!;
    private AsyncServiceScope _scope;
    private IAuthorizationService _authorization = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _site = await BenchSite.StartAsync();
        _scope = _site.Services.CreateAsyncScope();
        _authorization = _scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        if (!(await PermissionPolicy()).Succeeded) throw new InvalidOperationException("The measured user should pass the permission policy.");
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _scope.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<AuthorizationResult> SignedInPolicy() => _authorization.AuthorizeAsync(_site.Principal, BenchSite.SignedInPolicy);

    [Benchmark]
    public Task<AuthorizationResult> PermissionPolicy() => _authorization.AuthorizeAsync(_site.Principal, ShopData.CheckedPermission);
}
