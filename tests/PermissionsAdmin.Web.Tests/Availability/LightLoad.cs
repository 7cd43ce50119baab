using System.Collections.Concurrent;
using System.Diagnostics;
using PermissionsAdmin.Web.Tests.ScaleOut;

namespace PermissionsAdmin.Web.Tests.Availability;

/// <summary>One request of a <see cref="LightLoad"/>: when it was sent (on the load's clock) and what came back.</summary>
internal sealed record LoadAnswer(TimeSpan SentAt, string Path, BrowserAnswer Answer);

/// <summary>
/// A signed-in visitor clicking around one instance: the paths in turn, one request at a time with a short pause,
/// every answer kept for the test to judge.
/// </summary>
internal sealed class LightLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<LoadAnswer> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public LightLoad(ClusterBrowser browser, SiteInstance instance, params string[] paths)
    {
        _running = Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var path = paths[i % paths.Length];
                var sentAt = Clock.Elapsed;
                _answers.Enqueue(new LoadAnswer(sentAt, path, await browser.AnswerAsync(instance, path)));
                await Task.Delay(20);
            }
        });
    }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyList<LoadAnswer> Answers => _answers.ToList();

    /// <summary>Waits until an answer to a request sent at or after <paramref name="since"/> matches; returns its arrival time.</summary>
    public async Task<TimeSpan> WaitForAsync(TimeSpan since, Func<LoadAnswer, bool> match, TimeSpan limit, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_answers.Any(a => a.SentAt >= since && match(a))) return Clock.Elapsed;
            Assert.True(!_running.IsCompleted, $"The load stopped: {_running.Exception}");
            Assert.True(waited.Elapsed < limit, $"Waited {limit} for {what}. Answers since: " +
                string.Join(", ", _answers.Where(a => a.SentAt >= since).Select(a => $"{a.Path} {(int)a.Answer.Status}")));
            await Task.Delay(5);
        }
    }

    /// <summary>Stops sending once the request under way is answered; its answers stay.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
