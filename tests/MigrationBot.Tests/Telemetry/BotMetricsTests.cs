using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.BotFramework;
using MigrationBot.BotFramework.Messages;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Conversations;
using MigrationBot.Engine.Reports;
using MigrationBot.Notices.Delivery;
using MigrationBot.Telemetry;

namespace MigrationBot.Tests.Telemetry;

public sealed class BotMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ActivityQueue _queue = new(Options.Create(new BotOptions { ActivityWorkers = 2 }));
    private readonly EngineServices _engine = new(Options.Create(new StoreOptions()), new FakeTimeProvider(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
    private readonly BotMetrics _metrics;
    private readonly MeterRecorder _recorder;

    public BotMetricsTests()
    {
        _metrics = new BotMetrics(_services.GetRequiredService<IMeterFactory>(), _queue, _engine);
        _recorder = new MeterRecorder(_metrics.Meter);
    }

    [Fact]
    public void PassEnded_CountsTheReportsMessagesBytesAndFailures_AndItsDurationByPassAndOutcome()
    {
        _metrics.PassEnded(UserState.IncrementalSyncing, Report(MailboxOutcome.CompletedWithErrors, copied: 40, bytes: 81_920, failed: 2, seconds: 3.5), ran: true);

        Assert.Equal(40, Assert.Single(_recorder.Of("migrationbot.messages.copied")).Value);
        Assert.Equal(81_920, Assert.Single(_recorder.Of("migrationbot.copied")).Value);
        Assert.Equal(2, Assert.Single(_recorder.Of("migrationbot.messages.failed")).Value);
        var duration = Assert.Single(_recorder.Of("migrationbot.mailbox_pass.duration"));
        Assert.Equal(3.5, duration.Value);
        Assert.Equal("incremental", duration.Tags["pass"]);
        Assert.Equal("CompletedWithErrors", duration.Tags["outcome"]);
    }

    [Fact]
    public void PassEnded_ThatNeverRan_CountsNoDuration_AndNothingForZeroes()
    {
        _metrics.PassEnded(UserState.Syncing, Report(MailboxOutcome.Cancelled, copied: 0, bytes: 0, failed: 0, seconds: 0), ran: false);

        Assert.Empty(_recorder.Of("migrationbot.mailbox_pass.duration"));
        Assert.Empty(_recorder.Of("migrationbot.messages.copied"));
        Assert.Empty(_recorder.Of("migrationbot.messages.failed"));
    }

    [Fact]
    public void ThrottleEvents_AreTheGovernorsCountsPerHost()
    {
        _engine.Hosts.Throttled("outlook.office365.com", TimeSpan.FromSeconds(30));
        _engine.Hosts.Throttled("outlook.office365.com", TimeSpan.FromSeconds(30));
        _engine.Hosts.Throttled("imap.example.com", TimeSpan.FromSeconds(5));

        _recorder.Observe();

        var byHost = _recorder.Of("migrationbot.throttle.events").ToDictionary(r => r.Tags["host"]!, r => r.Value);
        Assert.Equal(2, byHost["outlook.office365.com"]);
        Assert.Equal(1, byHost["imap.example.com"]);
    }

    [Fact]
    public void ActivityQueueDepth_IsWhatWaitsForAWorker()
    {
        Assert.True(_queue.TryEnqueue(new InboundActivity { Type = "message", Conversation = new ConversationAccount { Id = "a" } }));
        Assert.True(_queue.TryEnqueue(new InboundActivity { Type = "message", Conversation = new ConversationAccount { Id = "b" } }));

        _recorder.Observe();

        Assert.Equal(2, Assert.Single(_recorder.Of("migrationbot.activity_queue.depth")).Value);
    }

    [Fact]
    public void NoticeDelivered_CountsSentByChannel_AndUndeliveredApart()
    {
        _metrics.NoticeDelivered(NoticeChannel.Teams);
        _metrics.NoticeDelivered(NoticeChannel.Email);
        _metrics.NoticeDelivered(NoticeChannel.None);

        Assert.Equal(["teams", "email"], _recorder.Of("migrationbot.notices.sent").Select(r => r.Tags["channel"]));
        Assert.Single(_recorder.Of("migrationbot.notices.undelivered"));
    }

    [Theory]
    [InlineData(null, 8080, true)]
    [InlineData(9464, 9464, true)]
    [InlineData(9464, 8080, false)]
    public void TheScrapeEndpoint_WithAPortOfItsOwn_AnswersOnlyOnThatLocalPort(int? port, int localPort, bool served)
    {
        var options = new MetricsOptions { Port = port };

        Assert.Equal(served, options.Serves("/metrics", localPort));
        Assert.False(options.Serves("/api/messages", localPort));
        Assert.False(new MetricsOptions { Port = port, Enabled = false }.Serves("/metrics", localPort));
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _services.Dispose();
    }

    private static MailboxReport Report(MailboxOutcome outcome, int copied, long bytes, int failed, double seconds) =>
        new("alice@contoso.test", outcome, null,
            [new FolderStatistics("INBOX", "Inbox", copied + failed, copied, 0, 0, failed, bytes, 0, 0, TimeSpan.FromSeconds(seconds), [], [])],
            DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(seconds));
}
