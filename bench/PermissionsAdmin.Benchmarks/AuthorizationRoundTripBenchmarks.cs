using BenchmarkDotNet.Attributes;
using PermissionsAdmin.Benchmarks.Site;

namespace PermissionsAdmin.Benchmarks;

/// <summary>
/// A signed-in GET through the whole pipeline: the action with [PermissionRequired], and with ASP.NET Core's plain
/// [Authorize], against the same action open.
/// </summary>
[MemoryDiagnoser]
public class AuthorizationRoundTripBenchmarks
{
    private BenchSite _site = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _site = await BenchSite.StartAsync();
        // Both must answer 200; a 403 would measure the wrong path.
        await _site.Client.GetStringAsync("/bench/open");
        await _site.Client.GetStringAsync("/bench/signed-in");
        await _site.Client.GetStringAsync("/bench/protected");
    }

    [GlobalCleanup]
    public Task StopAsync() => _site.DisposeAsync().AsTask();

    [Benchmark(Baseline = true)]
    public Task<string> Unprotected() => _site.Client.GetStringAsync("/bench/open");

    [Benchmark]
    public Task<string> SignedIn() => _site.Client.GetStringAsync("/bench/signed-in");

    [Benchmark]
    public Task<string> PermissionRequired() => _site.Client.GetStringAsync("/bench/protected");
}
