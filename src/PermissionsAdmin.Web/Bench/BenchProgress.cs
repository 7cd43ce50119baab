using System.Diagnostics;
using System.Globalization;

namespace PermissionsAdmin.Web.Bench;

/// <summary>A one-line progress bar redrawn in place (carriage return) whenever another percent is done.</summary>
internal sealed class BenchProgress(TextWriter output, string label, long total)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private int _shownPercent = -1;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Advance(int rows = 1)
    {
        _done += rows;
        var percent = total == 0 ? 99 : (int)Math.Min(99, _done * 100 / total); // 100% is drawn by Finish alone
        if (percent != _shownPercent) Draw(percent);
    }

    /// <summary>Ends the line with the row count and the time taken.</summary>
    public void Finish()
    {
        _clock.Stop();
        Draw(100);
        output.WriteLine();
    }

    private void Draw(int percent)
    {
        _shownPercent = percent;
        var filled = Math.Min(Width, percent * Width / 100);
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label,-22} [{new string('#', filled)}{new string('-', Width - filled)}] {percent,3}%  {_done,12:N0} rows  {_clock.Elapsed.TotalSeconds,6:F1} s"));
        output.Flush();
    }
}
