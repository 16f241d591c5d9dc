using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Tests.Hosting;

/// <summary>
/// Every log line of a host, at every level and from every category (the framework's and the libraries' too): the
/// formatted message, each structured value, and any exception in full, so a test can scan them for secrets.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Adds the capture to a host, below whatever level its configuration sets for its other providers.</summary>
    public Action<WebApplicationBuilder> Attach() => builder =>
    {
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<CapturedLogs>(category: null, LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
    };

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
