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

    public static async Task<CliResult> RunWithInputAsync(TestDatabase db, string stdin, params string[] args)
    {
        await using var site = TestSite.Build(db);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await new ManagementCli(site, output, error, new StringReader(stdin), interactive: false).RunAsync(args);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command that must succeed, and returns its output.</summary>
    public static async Task<CliResult> SucceedAsync(TestDatabase db, params string[] args)
    {
        var result = await RunAsync(db, args);
        Assert.True(result.ExitCode == 0, $"'{string.Join(' ', args)}' failed:\n{result}");
        return result;
    }

    /// <summary>The answer of <c>check USER PERMISSION</c>: "allowed" or "denied".</summary>
    public static async Task<string> CheckAsync(TestDatabase db, string user, string permission)
    {
        var result = await SucceedAsync(db, "check", user, permission);
        return Assert.Single(result.OutLines);
    }
}
