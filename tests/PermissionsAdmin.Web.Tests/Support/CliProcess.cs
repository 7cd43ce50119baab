using System.Diagnostics;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Runs the management CLI as a real process (<c>dotnet PermissionsAdmin.Web.dll COMMAND</c> from the site's folder),
/// as an operator would while the site runs: its changes reach a running site only through the database.
/// </summary>
internal static class CliProcess
{
    /// <summary>The site's build output next to these tests' (same configuration).</summary>
    private static string SiteAssembly { get; } = Path.Combine(
        TestSite.ContentRoot, "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "PermissionsAdmin.Web.dll");

    public static Task<CliResult> RunAsync(TestDatabase db, params string[] args) =>
        RunAsync(db.ProviderName, db.ConnectionString, args);

    /// <summary>Runs a command with these database settings, as an operator's environment would give them.</summary>
    public static async Task<CliResult> RunAsync(string provider, string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestSite.ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment =
            {
                ["Database__Provider"] = provider,
                ["ConnectionStrings__Default"] = connectionString,
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        start.ArgumentList.Add(SiteAssembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A safety net for a hung process, not a speed limit: processes started together take turns at their startup
        // step, and on a loaded 2-core machine three of them have taken over a minute.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public static async Task<CliResult> SucceedAsync(TestDatabase db, params string[] args)
    {
        var result = await RunAsync(db, args);
        Assert.True(result.ExitCode == 0, $"'{string.Join(' ', args)}' failed:\n{result}");
        return result;
    }
}
