namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>
/// The system's clock, whose timers wait until <see cref="Release"/>: what the app does after a delay (the listener
/// reconnecting) happens when the test says, not when a guessed wait runs out.
/// </summary>
internal sealed class HeldTimers : TimeProvider
{
    private readonly List<(ITimer Timer, TimeSpan Period)> _held = [];
    private bool _released;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, period);
        lock (_held)
        {
            if (_released) timer.Change(dueTime, period);
            else _held.Add((timer, period));
        }
        return timer;
    }

    /// <summary>Every held timer fires now; later ones run as the system's.</summary>
    public void Release()
    {
        lock (_held)
        {
            _released = true;
            foreach (var (timer, period) in _held) timer.Change(TimeSpan.Zero, period);
            _held.Clear();
        }
    }
}
