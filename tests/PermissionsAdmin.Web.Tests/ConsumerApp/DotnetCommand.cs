using System.Diagnostics;

namespace PermissionsAdmin.Web.Tests.ConsumerApp;

/// <summary>Runs <c>dotnet</c> with arguments in a folder, as a person at a terminal would, and fails with its output.</summary>
internal static class DotnetCommand
{
    public static ProcessStartInfo StartInfo(string folder, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }

    public static async Task<string> RunAsync(
        string folder, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string stdin = "")
    {
        var start = StartInfo(folder, args, environment);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var text = $"dotnet {string.Join(' ', start.ArgumentList)} (in {folder}): exit {process.ExitCode}\n{await output}\n{await error}";
        Assert.True(process.ExitCode == 0, text);
        return await output;
    }
}
