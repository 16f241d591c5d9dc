using System.Globalization;

namespace MigrationBot.Bench;

/// <summary>
/// One measured line of the benchmark. <see cref="Cpu"/> is the copier's own; <see cref="Servers"/> those of the source and
/// target Dovecot over the same run, where measured (dsync writes the target's storage itself, so its own CPU holds work
/// the IMAP copiers leave to the target server: the sum of both is what compares).
/// </summary>
internal sealed record Figure(string Target, string What, int Messages, long Bytes, TimeSpan Elapsed, long? PeakRssBytes, TimeSpan? Cpu = null, DovecotCpu.Servers? Servers = null)
{
    public double MessagesPerSecond => Elapsed.TotalSeconds > 0 ? Messages / Elapsed.TotalSeconds : 0;

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1048576.0 / Elapsed.TotalSeconds : 0;

    public static string Header =>
        string.Create(CultureInfo.InvariantCulture, $"{"target",-22} {"measurement",-78} {"messages",9} {"MB",8} {"seconds",8} {"msg/s",8} {"MB/s",7} {"peak RSS MB",12} {"CPU s",6} {"source CPU s",12} {"target CPU s",12}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target,-22} {What,-78} {Messages,9} {Bytes / 1048576.0,8:0.0} {Elapsed.TotalSeconds,8:0.00} {MessagesPerSecond,8:0} {MegabytesPerSecond,7:0.0} {(PeakRssBytes is { } rss ? (rss / 1048576.0).ToString("0", CultureInfo.InvariantCulture) : "-"),12} {Seconds(Cpu),6} {Seconds(Servers?.Source),12} {Seconds(Servers?.Target),12}");

    private static string Seconds(TimeSpan? cpu) => cpu is { } value ? value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
