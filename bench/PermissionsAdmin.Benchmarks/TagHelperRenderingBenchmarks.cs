using BenchmarkDotNet.Attributes;
using PermissionsAdmin.Benchmarks.Site;

namespace PermissionsAdmin.Benchmarks;

/// <summary>A Razor view with 20 <c>&lt;a perms="..."&gt;</c> links against the same view with 20 plain links, both through the TestServer.</summary>
[MemoryDiagnoser]
public class TagHelperRenderingBenchmarks
{
    private BenchSite _site = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _site = await BenchSite.StartAsync();
        // Every check passes, so both pages carry the same 20 links and differ only in the work behind them.
        if (await Links() != await PermsLinks()) throw new InvalidOperationException("The two pages should render the same HTML.");
    }

    [GlobalCleanup]
    public Task StopAsync() => _site.DisposeAsync().AsTask();

    [Benchmark(Baseline = true)]
    public Task<string> Links() => _site.Client.GetStringAsync("/bench/links");

    [Benchmark]
    public Task<string> PermsLinks() => _site.Client.GetStringAsync("/bench/perms-links");
}
