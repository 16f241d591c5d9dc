using System.Diagnostics;
using System.Globalization;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.LargeFolder;

/// <summary>
/// One mailbox of N small messages in one folder (Exchange allows 500,000 items per mailbox, DESIGN.md §8): the engine's
/// full copy, 1% of INBOX then moved to Archive on the source, and the incremental pass after it; beside it, in the same
/// run and from the same source, a mailbox of the reference size of the same kind of messages, so the ratios of peak RSS
/// and msg/s show whether memory stays flat and throughput holds as one folder grows. The target's counts per folder
/// show whether the moves were mirrored.
/// </summary>
internal sealed class LargeFolderRun(BenchmarkOptions options, TextWriter output)
{
    /// <summary>
    /// Both servers in each. Dovecot's own cost per APPEND grows with a folder's size, most on Maildir (its write ceiling
    /// is printed at both sizes): the Maildir run says what a large folder on such a server costs a migration, the sdbox
    /// run, where the server slows less, what the engine itself does as a folder grows.
    /// </summary>
    private static readonly DovecotMailStorage[] Storages = [DovecotMailStorage.Maildir, DovecotMailStorage.Sdbox];

    private const string MovedTo = "Archive";
    private const int MoveEvery = 100;
    private const string FullCopy = "MigrationBot full copy, ";
    private const string CeilingOf = "write ceiling: APPEND-load of ";
    private const string Incremental = "MigrationBot incremental after the moves";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var large = Generate("large", options.LargeFolder);
        var reference = Generate("reference", options.Reference);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one folder: {large.Count:N0} messages ({Megabytes(large):0.0} MB) in {large[0].User}'s INBOX, reference {reference.Count:N0} ({Megabytes(reference):0.0} MB) in {reference[0].User}'s; mail on {options.MailRoot}"));
        output.WriteLine($"engine: {options.Cli}");
        var figures = new List<Figure>();
        foreach (var storage in Storages)
            figures.AddRange(await RunOnAsync(storage, large, reference, cancellationToken));
        return figures;
    }

    /// <summary>The whole comparison with both servers storing their mail as <paramref name="storage"/>.</summary>
    private async Task<IReadOnlyList<Figure>> RunOnAsync(DovecotMailStorage storage, List<CorpusMessage> large, List<CorpusMessage> reference, CancellationToken cancellationToken)
    {
        var users = new[] { large[0].User, reference[0].User };
        var (sourceLabel, targetLabel) = ($"source ({Name(storage)})", Label(storage));
        var figures = new List<Figure>();
        await using var source = await DovecotServer.StartAsync(BenchServers.Options(users, '.', exchange: false, options.MailRoot) with { Storage = storage }, cancellationToken);
        var seeded = await Ceilings.AppendLoadAsync(source, [.. large, .. reference], u => u, cancellationToken);
        figures.Add(new Figure(sourceLabel, "APPEND-load (seeding the source)", large.Count + reference.Count, Bytes(large) + Bytes(reference), seeded, null));

        // The target's own pace at each size: whether a folder of N messages costs the server more per APPEND than one of
        // the reference size is the server's share of any difference in the engine's throughput.
        figures.Add(await CeilingAsync(storage, users, reference, cancellationToken));
        figures.Add(await CeilingAsync(storage, users, large, cancellationToken));

        var work = Directory.CreateTempSubdirectory("migrationbot-bench-").FullName;
        var csv = await BenchServers.WriteCsvAsync(work, users, cancellationToken);
        // The reference copy lasts a second or two, so one run says as much of the machine's noise as of the copier: it
        // is the median of --runs copies, each into a fresh target with a fresh ledger.
        var references = new List<Figure>();
        for (var run = 0; run < options.Runs; run++)
        {
            await using var target = await StartTargetAsync(storage, users, cancellationToken);
            references.Add(await CopyAsync(storage, source, target, reference, csv, work, Ledger(work, $"{users[1]}-{run}"), cancellationToken));
        }

        // Its peak RSS is the median of the runs' too, not that of the run of median time: the ratio against the large
        // folder's is the aim, and one run's RSS moves by a tenth with the machine.
        var median = Medians.Of(references, f => f.Elapsed);
        var rss = Medians.Of(references, f => f.PeakRssBytes ?? 0).PeakRssBytes;
        figures.Add(options.Runs > 1 ? median with { What = $"{median.What} (median of {options.Runs})", PeakRssBytes = rss } : median);

        await using (var target = await StartTargetAsync(storage, users, cancellationToken))
        {
            var ledger = Ledger(work, users[0]);
            figures.Add(await CopyAsync(storage, source, target, large, csv, work, ledger, cancellationToken));
            var clock = Stopwatch.StartNew();
            var moved = await SourceMoves.MoveAsync(source, users[0], MoveEvery, MovedTo, cancellationToken);
            figures.Add(new Figure(sourceLabel, $"UID MOVE of {moved:N0} messages INBOX -> {MovedTo}", moved, 0, clock.Elapsed, null));
            var again = await EngineRun.MigrateAsync(options.Cli, 1, source, target, csv, ledger, Path.Combine(work, "report"), BenchServers.Email(users[0]), cancellationToken);
            if (options.Verbose)
                output.WriteLine(again.Output);
            figures.Add(new Figure(targetLabel, Incremental, moved, 0, again.Elapsed, again.PeakRss, again.Cpu));
            await PrintCountsAsync(storage, source, users[0], target, BenchServers.Email(users[0]), cancellationToken);
        }

        if (options.Verbose)
            output.WriteLine($"kept {work} (ledgers and reports)");
        else
            Directory.Delete(work, recursive: true);
        return figures;
    }

    /// <summary>
    /// Per storage, the large folder against the reference: peak RSS within 20%, throughput within 10%, beside the same
    /// ratio of the target's own write ceilings, and the incremental pass's time.
    /// </summary>
    public static IEnumerable<string> Summary(IReadOnlyList<Figure> figures)
    {
        foreach (var storage in Storages)
        {
            var on = figures.Where(f => f.Target == Label(storage)).ToList();
            var copies = on.Where(f => f.What.StartsWith(FullCopy, StringComparison.Ordinal)).ToList();
            var ceilings = on.Where(f => f.What.StartsWith(CeilingOf, StringComparison.Ordinal)).ToList();
            var (reference, large) = (copies[0], copies[1]);
            var incremental = on.Single(f => f.What == Incremental);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{Name(storage)}: one folder of {large.Messages:N0} against {reference.Messages:N0}: peak RSS {(double?)large.PeakRssBytes / reference.PeakRssBytes:0.00}x (aim <= 1.20), " +
                $"msg/s {large.MessagesPerSecond / reference.MessagesPerSecond:0.00}x (aim >= 0.90), the target's own write ceiling {ceilings[1].MessagesPerSecond / ceilings[0].MessagesPerSecond:0.00}x; " +
                $"incremental after moving {incremental.Messages:N0}: {incremental.Elapsed.TotalSeconds:0.00} s, CPU {incremental.Cpu?.TotalSeconds:0.0} s, peak RSS {incremental.PeakRssBytes / 1048576.0:0} MB");
        }
    }

    private async Task<Figure> CopyAsync(
        DovecotMailStorage storage, DovecotServer source, DovecotServer target, List<CorpusMessage> corpus, string csv, string work, string ledger, CancellationToken cancellationToken)
    {
        var user = corpus[0].User;
        var (full, servers) = await DovecotCpu.DuringAsync(
            () => EngineRun.MigrateAsync(options.Cli, 1, source, target, csv, ledger, Path.Combine(work, "report"), BenchServers.Email(user), cancellationToken),
            source, target, cancellationToken);
        if (options.Verbose)
            output.WriteLine(full.Output);
        var copied = (await MailboxFolders.CountAsync(target, BenchServers.Email(user), cancellationToken)).Values.Sum();
        if (copied != corpus.Count)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full copy of {user}: {copied:N0} messages on the target, {corpus.Count:N0} on the source"));
        return new Figure(Label(storage), string.Create(CultureInfo.InvariantCulture, $"{FullCopy}{corpus.Count:N0} in INBOX"), corpus.Count, Bytes(corpus), full.Elapsed, full.PeakRss, full.Cpu, servers);
    }

    /// <summary>The write ceiling for one folder of the corpus's size: APPEND-loading it (MULTIAPPEND) into a fresh target.</summary>
    private async Task<Figure> CeilingAsync(DovecotMailStorage storage, string[] users, List<CorpusMessage> corpus, CancellationToken cancellationToken)
    {
        await using var target = await StartTargetAsync(storage, users, cancellationToken);
        var (elapsed, servers) = await DovecotCpu.DuringAsync(
            () => Ceilings.AppendLoadAsync(target, corpus, BenchServers.Email, cancellationToken), null, target, cancellationToken);
        return new Figure(Label(storage), string.Create(CultureInfo.InvariantCulture, $"{CeilingOf}{corpus.Count:N0} into INBOX"),
            corpus.Count, Bytes(corpus), elapsed, null, Servers: servers);
    }

    /// <summary>Says, per folder, what the source holds after the moves and what the target holds after the incremental pass.</summary>
    private async Task PrintCountsAsync(DovecotMailStorage storage, DovecotServer source, string user, DovecotServer target, string targetUser, CancellationToken cancellationToken)
    {
        var before = await MailboxFolders.CountAsync(source, user, cancellationToken);
        var after = await MailboxFolders.CountAsync(target, targetUser, cancellationToken);
        int Of(IReadOnlyDictionary<string, int> counts, string folder) => counts.GetValueOrDefault(folder);
        var mirrored = Of(before, "INBOX") == Of(after, "INBOX") && Of(before, MovedTo) == Of(after, MovedTo);
        var extra = after.Values.Sum() - before.Values.Sum();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Name(storage)}: after the moves: source INBOX {Of(before, "INBOX"):N0}, {MovedTo} {Of(before, MovedTo):N0}; after the incremental pass: target INBOX {Of(after, "INBOX"):N0}, " +
            $"{MovedTo} {Of(after, MovedTo):N0}, all folders {after.Values.Sum():N0} ({extra:+#,0;-#,0;0} against the source): moves {(mirrored ? "mirrored" : "NOT mirrored")}"));
    }

    private Task<DovecotServer> StartTargetAsync(DovecotMailStorage storage, IEnumerable<string> users, CancellationToken cancellationToken) =>
        DovecotServer.StartAsync(BenchServers.Options(users.Select(BenchServers.Email), '/', exchange: false, options.MailRoot) with { Storage = storage }, cancellationToken);

    private static string Label(DovecotMailStorage storage) => $"Dovecot {Name(storage)}";

    private static string Name(DovecotMailStorage storage) => storage.ToString().ToLowerInvariant();

    private static string Ledger(string work, string user) => Path.Combine(work, $"ledger-{user}.db");

    /// <summary>Small messages (1–8 KB), all in INBOX, no tricky cases: the folder's size is what is measured.</summary>
    private static List<CorpusMessage> Generate(string prefix, int messages) => CorpusGenerator.Generate(new CorpusOptions
    {
        Seed = 1,
        Users = 1,
        UserPrefix = prefix,
        MessagesPerUser = messages,
        MinSize = 1024,
        TypicalMaxSize = 8 * 1024,
        MaxSize = 8 * 1024,
        Cases = CorpusCases.None,
        InboxOnly = true,
    }).ToList();

    private static long Bytes(List<CorpusMessage> corpus) => corpus.Sum(m => m.Size);

    private static double Megabytes(List<CorpusMessage> corpus) => Bytes(corpus) / 1048576.0;
}
