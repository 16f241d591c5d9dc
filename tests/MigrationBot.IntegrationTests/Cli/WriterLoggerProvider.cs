using Microsoft.Extensions.Logging;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>Writes every log entry, at every level and with its exception, to one writer, so a test sees all the CLI says.</summary>
internal sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            writer.WriteLine(exception is null
                ? $"log {logLevel}: {category}: {formatter(state, exception)}"
                : $"log {logLevel}: {category}: {formatter(state, exception)}\n{exception}");
    }
}
