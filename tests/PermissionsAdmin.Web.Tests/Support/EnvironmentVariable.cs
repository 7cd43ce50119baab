namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>Sets (or clears, with null) a process environment variable until disposed, then restores it.</summary>
internal sealed class EnvironmentVariable : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    private EnvironmentVariable(string name, string? value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public static EnvironmentVariable Set(string name, string? value) => new(name, value);

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}

/// <summary>
/// Tests that change process environment variables: run alone, after every parallel test, so no other test sees
/// the change.
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
