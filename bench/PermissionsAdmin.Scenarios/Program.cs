using PermissionsAdmin.Scenarios.Objects;
using PermissionsAdmin.Scenarios.Sync;

namespace PermissionsAdmin.Scenarios;

/// <summary>
/// The database scenarios of issue #6, measured against PostgreSQL, each beside a baseline from the same run:
/// permission sync at startup with 1,000 entity types, and objects-for-user among 1,000,000 object grants.
/// <code>
/// dotnet run -c Release --project bench/PermissionsAdmin.Scenarios -- --postgres "Host=127.0.0.1;Port=25999;Username=postgres"
/// </code>
/// The server may also come from PERMISSIONSADMIN_BENCH_POSTGRES. <c>--only sync</c> or <c>--only objects</c> runs one
/// scenario. The user needs CREATEDB: the run creates, and drops at the end, the databases bench_sync and bench_objects.
/// Results go to stdout as a Markdown table, progress to stderr.
/// </summary>
internal static class Program
{
    private const string ServerVariable = "PERMISSIONSADMIN_BENCH_POSTGRES";

    public static async Task<int> Main(string[] args)
    {
        var server = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable(ServerVariable);
        var only = Option(args, "--only");
        if (string.IsNullOrEmpty(server) || only is not (null or "sync" or "objects"))
        {
            await Console.Error.WriteLineAsync(
                $"usage: PermissionsAdmin.Scenarios --postgres \"<connection string>\" [--only sync|objects] (or set {ServerVariable})");
            return 2;
        }

        var results = new List<Result>();
        var details = new List<string>();
        if (only is null or "sync") results.AddRange(await SyncScenario.RunAsync(server, runs: 20));
        if (only is null or "objects")
        {
            var objects = await ObjectsForUserScenario.RunAsync(server, runs: 50);
            results.AddRange(objects.Results);
            details.Add(objects.Explained);
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine(ResultTable.Render(results));
        foreach (var detail in details) Console.WriteLine(detail);
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
