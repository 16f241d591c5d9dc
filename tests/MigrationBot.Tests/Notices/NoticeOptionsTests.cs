using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Notices;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Notices;

public sealed class NoticeOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-notices-").FullName;

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    [InlineData("31.00:00:00")]
    public async Task TheHost_RefusesToStart_WithACheckInDelayThatIsNotAFewMinutesToDays(string delay)
    {
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory,
            new Dictionary<string, string?> { ["Notices:CheckInDelay"] = delay });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Notices:CheckInDelay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckInDelay_IsBoundFromNotices()
    {
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory,
            new Dictionary<string, string?> { ["Notices:CheckInDelay"] = "00:04:00" });

        Assert.Equal(TimeSpan.FromMinutes(4), app.Services.GetRequiredService<IOptions<NoticeOptions>>().Value.CheckInDelay);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
