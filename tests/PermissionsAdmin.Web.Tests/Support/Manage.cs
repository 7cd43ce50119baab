using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Management;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>What one run of the management CLI left behind.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string[] OutLines => Lines(Out);
    public string[] ErrLines => Lines(Err);

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>Runs the management CLI in-process, each call on a freshly built site as a separate process would.</summary>
internal static class Manage
{
    public static Task<CliResult> RunAsync(TestDatabase db, params string[] args) => RunWithInputAsync(db, "", args);

    /// <summary>Runs a command with <paramref name="clock"/> as the app's <see cref="TimeProvider"/>.</summary>
    public static Task<CliResult> RunAsync(TestDatabase db, TimeProvider clock, params string[] args) => RunWithAsync(db, "", clock, args);

    public static Task<CliResult> RunWithInputAsync(TestDatabase db, string stdin, params string[] args) => RunWithAsync(db, stdin, null, args);

    private static async Task<CliResult> RunWithAsync(TestDatabase db, string stdin, TimeProvider? clock, string[] args)
    {
        await using var site = TestSite.BuildForCommands(db, clock is null ? null : builder => builder.Services.AddSingleton(clock));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new ManagementCli(site, output, error, new StringReader(stdin), interactive: false).RunAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command that must succeed, and returns its output.</summary>
    public static Task<CliResult> SucceedAsync(TestDatabase db, params string[] args) => SucceedWithAsync(db, null, args);

    /// <summary>Runs a command that must succeed with <paramref name="clock"/> as the app's clock, and returns its output.</summary>
    public static Task<CliResult> SucceedAsync(TestDatabase db, TimeProvider clock, params string[] args) => SucceedWithAsync(db, clock, args);

    private static async Task<CliResult> SucceedWithAsync(TestDatabase db, TimeProvider? clock, string[] args)
    {
        var result = await RunWithAsync(db, "", clock, args);
        Assert.True(result.ExitCode == 0, $"'{string.Join(' ', args)}' failed:\n{result}");
        return result;
    }

    /// <summary>The answer of <c>check USER PERMISSION</c>: "allowed" or "denied".</summary>
    public static async Task<string> CheckAsync(TestDatabase db, string user, string permission, TimeProvider? clock = null)
    {
        var result = await SucceedWithAsync(db, clock, ["check", user, permission]);
        return Assert.Single(result.OutLines);
    }
}
