using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.Hosting;

public sealed class ConsoleLogFormatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-logs-").FullName;

    [Theory]
    [InlineData("Production", "json")]
    [InlineData("Staging", "json")]
    [InlineData("Development", "simple")]
    public async Task TheConsoleLog_IsJsonLinesOutsideDevelopment_AndSimpleInIt(string environment, string formatter)
    {
        await using var app = RunningBot.Build(environment, TestIssuer.Shared, new FakeHttpHandler(), _directory);

        Assert.Equal(formatter, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task TheConsoleLogFormat_IsConfigurable()
    {
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory,
            new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "simple" });

        Assert.Equal("simple", app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task JsonLogs_StampEachLineInUtc()
    {
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory);

        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.UseUtcTimestamp);
        Assert.Equal("yyyy-MM-ddTHH:mm:ss.fffZ", json.TimestampFormat);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
