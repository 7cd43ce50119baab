using System.Diagnostics;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Scenarios;

/// <summary>
/// Wall-clock timings of repeated runs, in milliseconds, with their percentiles (nearest rank), and the round trips
/// the runs sent to the database.
/// </summary>
internal sealed class Samples
{
    private readonly double[] _sorted;

    private Samples(IEnumerable<double> milliseconds, double roundTripsPerRun)
    {
        _sorted = milliseconds.Order().ToArray();
        RoundTripsPerRun = roundTripsPerRun;
    }

    public int Runs => _sorted.Length;
    public double Median => Percentile(50);
    public double P95 => Percentile(95);
    public double P99 => Percentile(99);
    public double RoundTripsPerRun { get; }

    /// <summary>
    /// Times <paramref name="runs"/> runs of <paramref name="body"/>, one after another, after
    /// <paramref name="warmups"/> untimed ones (query compilation, connection pool, JIT).
    /// </summary>
    public static async Task<Samples> MeasureAsync(QueryCounter counter, int runs, Func<Task> body, int warmups = 3)
    {
        for (var i = 0; i < warmups; i++) await body();
        counter.Reset();
        var timings = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await body();
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return new Samples(timings, (double)counter.RoundTrips / runs);
    }

    /// <summary>Times one cold run of <paramref name="body"/>.</summary>
    public static async Task<(Samples Timing, T Result)> OnceAsync<T>(QueryCounter counter, Func<Task<T>> body)
    {
        counter.Reset();
        var started = Stopwatch.GetTimestamp();
        var result = await body();
        return (new Samples([Stopwatch.GetElapsedTime(started).TotalMilliseconds], counter.RoundTrips), result);
    }

    private double Percentile(int percent) => _sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * Runs) - 1)];
}
