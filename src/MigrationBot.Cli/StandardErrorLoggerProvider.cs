using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli;

/// <summary>
/// Writes each log entry as one line, <c>HH:mm:ss level: category[event id] message</c> (UTC; the level as
/// Microsoft.Extensions.Logging's console writes it: trce, dbug, info, warn, fail, crit), and an exception's text
/// on the lines after it. Lines from several threads never interleave.
/// </summary>
internal sealed class StandardErrorLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly TextWriter _error = TextWriter.Synchronized(error);

    public ILogger CreateLogger(string categoryName) => new Logger(_error, categoryName);

    public void Dispose() => _error.Flush();

    private sealed class Logger(TextWriter error, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss} {Level(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}");
            error.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
