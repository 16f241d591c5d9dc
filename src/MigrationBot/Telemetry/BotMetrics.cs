using System.Diagnostics;
using System.Diagnostics.Metrics;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.BotFramework.Messages;
using MigrationBot.Engine.Reports;
using MigrationBot.Notices.Delivery;

namespace MigrationBot.Telemetry;

/// <summary>
/// The host's own instruments, on the meter <see cref="MeterName"/>: what the mailbox passes copied and failed, how long
/// they took, how often a target host throttled, how many activities wait for a worker, and the notices sent. The engine
/// stays free of telemetry: passes are counted from the report it returns, throttling from its governor's counts.
/// Exported through OpenTelemetry (<see cref="TelemetryExtensions"/>); the names below are OpenTelemetry's, the
/// Prometheus exporter turns dots into underscores and adds unit and <c>_total</c> suffixes.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "MigrationBot";

    private readonly Counter<long> _messagesCopied;
    private readonly Counter<long> _bytesCopied;
    private readonly Counter<long> _messagesFailed;
    private readonly Histogram<double> _passDuration;
    private readonly Counter<long> _noticesSent;
    private readonly Counter<long> _noticesUndelivered;

    public BotMetrics(IMeterFactory meters, ActivityQueue queue, EngineServices engine)
    {
        // From the factory, not a static Meter: each host (and each test's host) has its own, disposed with it.
        Meter = meters.Create(MeterName);
        _messagesCopied = Meter.CreateCounter<long>("migrationbot.messages.copied", "{message}", "Messages copied to the target by mailbox passes");
        _bytesCopied = Meter.CreateCounter<long>("migrationbot.copied", "By", "Bytes of the messages copied to the target");
        _messagesFailed = Meter.CreateCounter<long>("migrationbot.messages.failed", "{message}", "Messages a pass could not copy (each is listed in the batch's details)");
        // A no-change pass takes under a second, a first pass of a large mailbox hours: buckets from 1 s to 8 h.
        _passDuration = Meter.CreateHistogram("migrationbot.mailbox_pass.duration", "s", "How long one pass over one mailbox took, by pass and outcome",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800] });
        _noticesSent = Meter.CreateCounter<long>("migrationbot.notices.sent", "{notice}", "End-user notices delivered, by channel (teams, email)");
        _noticesUndelivered = Meter.CreateCounter<long>("migrationbot.notices.undelivered", "{notice}", "End-user notices neither Teams nor email could deliver");
        Meter.CreateObservableCounter("migrationbot.throttle.events", () => ThrottleMeasurements(engine), "{event}",
            "Times a target host refused work as busy (THROTTLED, UNAVAILABLE, a suggested backoff), by host");
        Meter.CreateObservableGauge("migrationbot.activity_queue.depth", () => queue.Depth, "{activity}",
            "Inbound activities accepted and waiting for a worker");
    }

    /// <summary>The meter itself, for tests that listen to this host's instruments only.</summary>
    public Meter Meter { get; }

    /// <summary>Counts one mailbox pass from the engine's report; <paramref name="ran"/> is false when it never started (no duration then).</summary>
    public void PassEnded(UserState pass, MailboxReport report, bool ran)
    {
        if (report.Copied > 0)
            _messagesCopied.Add(report.Copied);
        if (report.Bytes > 0)
            _bytesCopied.Add(report.Bytes);
        if (report.Failed > 0)
            _messagesFailed.Add(report.Failed);
        if (ran)
        {
            _passDuration.Record(report.Duration.TotalSeconds, new TagList
            {
                { "pass", PassName(pass) },
                { "outcome", report.Outcome.ToString() },
            });
        }
    }

    public void NoticeDelivered(NoticeChannel channel)
    {
        if (channel == NoticeChannel.None)
            _noticesUndelivered.Add(1);
        else
            _noticesSent.Add(1, new KeyValuePair<string, object?>("channel", channel.ToString().ToLowerInvariant()));
    }

    internal static string PassName(UserState pass) => pass switch
    {
        UserState.Syncing => "initial",
        UserState.IncrementalSyncing => "incremental",
        UserState.Completing => "final",
        _ => pass.ToString(),
    };

    private static IEnumerable<Measurement<long>> ThrottleMeasurements(EngineServices engine) =>
        engine.Hosts.ThrottleCounts().Select(h => new Measurement<long>(h.Value, new KeyValuePair<string, object?>("host", h.Key)));
}
