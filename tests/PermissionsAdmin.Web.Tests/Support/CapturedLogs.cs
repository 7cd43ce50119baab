using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>A logger provider that keeps every message, for tests of what the site tells its operator.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<string> At(LogLevel level) =>
        _entries.Where(e => e.Level == level).Select(e => e.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
