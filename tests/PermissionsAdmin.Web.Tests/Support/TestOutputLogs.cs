using Microsoft.Extensions.Logging;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Writes what a test's site logs at warning level or above, with its exception, into the output of the test that
/// started it: when the test fails, its output says why the site answered as it did (a 503 names its SQLite error).
/// </summary>
internal sealed class TestOutputLogs(ITestOutputHelper output) : ILoggerProvider
{
    /// <summary>For the running test; none outside a test.</summary>
    public static TestOutputLogs? ForCurrentTest() =>
        TestContext.Current.TestOutputHelper is { } output ? new TestOutputLogs(output) : null;

    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose() { }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
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
