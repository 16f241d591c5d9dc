using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Engine.Reports;
using MigrationBot.Notices.Delivery;
using MigrationBot.Telemetry;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Telemetry;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task TheHost_ServesEveryInstrument_InPrometheusFormat_OnMetrics()
    {
        await using var bot = await RunningBot.StartAsync("Production", TestIssuer.Shared);
        var metrics = bot.App.Services.GetRequiredService<BotMetrics>();
        metrics.PassEnded(UserState.Syncing, new MailboxReport("alice@contoso.test", MailboxOutcome.Succeeded, null,
            [new FolderStatistics("INBOX", "Inbox", 3, 2, 0, 0, 1, 4096, 0, 0, TimeSpan.FromSeconds(2), [], [])], DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2)), ran: true);
        metrics.NoticeDelivered(NoticeChannel.Email);
        var throttled = $"imap-{Guid.NewGuid():N}.example";
        bot.App.Services.GetRequiredService<EngineServices>().Hosts.Throttled(throttled, TimeSpan.FromSeconds(1));

        var response = await bot.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // At least: other tests' hosts in this process run at the same time, and OpenTelemetry picks meters by name.
        Assert.True(Sample(text, "migrationbot_messages_copied_total") >= 2);
        Assert.True(Sample(text, "migrationbot_copied_bytes_total") >= 4096);
        Assert.True(Sample(text, "migrationbot_messages_failed_total") >= 1);
        Assert.True(Sample(text, "migrationbot_mailbox_pass_duration_seconds_count", "pass=\"initial\"") >= 1);
        Assert.Equal(1, Sample(text, "migrationbot_throttle_events_total", $"host=\"{throttled}\""));
        Assert.NotNull(Sample(text, "migrationbot_activity_queue_depth"));
        Assert.True(Sample(text, "migrationbot_notices_sent_total", "channel=\"email\"") >= 1);
        Assert.Contains("service_name=\"migrationbot\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAPortOfItsOwn_TheBotsPortDoesNotServeMetrics()
    {
        await using var bot = await RunningBot.StartAsync("Production", TestIssuer.Shared, new Dictionary<string, string?> { ["Metrics:Port"] = "9" });

        var response = await bot.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithAMetricsPathThatIsNotAPath()
    {
        var directory = Directory.CreateTempSubdirectory("migrationbot-metrics-").FullName;
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new BotFramework.Connector.FakeHttpHandler(), directory,
            new Dictionary<string, string?> { ["Metrics:Path"] = "metrics" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Metrics:Path must start with '/'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    private static double? Sample(string exposition, string name, string label = "") =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Select(l => (double?)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
