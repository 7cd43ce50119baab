using Microsoft.Extensions.Logging;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Writes what a test's site logs at warning level or above, with its exception, into the output of the test using
/// the site (the one that started it, or that took it from <see cref="Admin.SitePool"/>): when the test fails, its
/// output says why the site answered as it did (a 503 names its SQLite error).
/// </summary>
internal sealed class TestOutputLogs : ILoggerProvider
{
    private volatile ITestOutputHelper? _output;

    /// <summary>Logs into the running test's output, if any.</summary>
    public TestOutputLogs() => WriteToCurrentTest();

    /// <summary>From now on, into the output of the running test (none outside a test).</summary>
    public void WriteToCurrentTest() => _output = TestContext.Current.TestOutputHelper;

    /// <summary>Nowhere until <see cref="WriteToCurrentTest"/>: the test has ended, and its output is closed.</summary>
    public void Detach() => _output = null;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(TestOutputLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || logs._output is not { } output) return;
            try
            {
                output.WriteLine($"site {logLevel}: {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has ended (a background service stopping after it): its output is closed.
            }
        }
    }
}
