using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BlazorSessionDemo.Tests.Support;

/// <summary>One log line as a logger received it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message);

/// <summary>
/// A real logging sink that keeps every line in memory, so a test can assert what the framework logged
/// (as Django's tests use <c>assertLogs("django.security.SuspiciousSession", "WARNING")</c>).
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception)));
    }
}
