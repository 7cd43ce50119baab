using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace PermissionsAdmin.Benchmarks;

/// <summary>
/// Benchmarks of the permission checks, each against a baseline in the same run (the Ratio column). Run them all
/// from the repository root (a short job: about 10 minutes on a busy 2-core machine, the build included; results in
/// bench/PermissionsAdmin.Benchmarks/BenchmarkDotNet.Artifacts/):
/// <code>dotnet run -c Release --project bench/PermissionsAdmin.Benchmarks -- --filter '*'</code>
/// One class: <c>--filter '*Checker*'</c>. For steadier figures, replace Job.ShortRun with Job.Default (much longer).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun)
            // The generated runner recompiles the library without the compiler server: beyond the 2-minute default on a busy 2-core machine.
            .WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
