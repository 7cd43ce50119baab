namespace PermissionsAdmin.Scenarios;

/// <summary>What the run is doing, on stderr, so stdout holds only the results.</summary>
internal static class Progress
{
    public static void Report(string step) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {step}");
}
