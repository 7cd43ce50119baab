using System.Globalization;
using System.Text;

namespace PermissionsAdmin.Scenarios;

/// <summary>One line of results: a timing, the baseline it is compared with (same run), and its round trips.</summary>
internal sealed record Result(string Name, Samples Timing, Samples? Baseline = null, string Note = "");

/// <summary>Prints results as a Markdown table, so they paste into docs/benchmarks.md as they are.</summary>
internal static class ResultTable
{
    private static readonly string[] Headers =
        ["scenario", "runs", "median ms", "p95 ms", "p99 ms", "baseline median ms", "× baseline", "round trips/run", "note"];

    public static string Render(IEnumerable<Result> results)
    {
        var rows = results.Select(r => new[]
        {
            r.Name,
            r.Timing.Runs.ToString(CultureInfo.InvariantCulture),
            Ms(r.Timing.Median),
            r.Timing.Runs > 1 ? Ms(r.Timing.P95) : "",
            r.Timing.Runs > 1 ? Ms(r.Timing.P99) : "",
            r.Baseline is null ? "" : Ms(r.Baseline.Median),
            r.Baseline is null ? "" : (r.Timing.Median / r.Baseline.Median).ToString("0.0", CultureInfo.InvariantCulture),
            r.Timing.RoundTripsPerRun.ToString("0.##", CultureInfo.InvariantCulture),
            r.Note,
        }).ToList();
        var widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, Headers, widths);
        Line(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows) Line(text, row, widths);
        return text.ToString();
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string[] cells, int[] widths) =>
        text.Append("| ").AppendJoin(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).AppendLine(" |");
}
