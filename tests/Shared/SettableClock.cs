namespace PermissionsAdmin.Testing;

/// <summary>The application's clock, set and moved on by the test instead of waiting for real time to pass.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
