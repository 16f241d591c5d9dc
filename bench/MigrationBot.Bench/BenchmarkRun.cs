using System.Globalization;
using MigrationBot.Bench.Corpus;
using MigrationBot.Bench.HostBatch;
using MigrationBot.Bench.Peers;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench;

/// <summary>
/// One benchmark run: a source Dovecot loaded with the corpus, then for each kind of target (plain Dovecot, and
/// Dovecot advertising only Exchange Online's capabilities) the write ceiling (APPEND-load of the corpus), the
/// engine's full copy and its no-change incremental pass; the read ceiling is a FETCH of the whole source. On the plain
/// target the host's batch of the same corpus follows, then the peers (dsync, mbsync, and the engine's CLI run as they
/// run, one process per mailbox).
/// </summary>
internal sealed class BenchmarkRun(BenchmarkOptions options, TextWriter output)
{
    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var corpusOptions = new CorpusOptions
        {
            Seed = 1,
            Users = options.Users,
            MessagesPerUser = options.MessagesPerUser,
            LargeMessagesPerUser = options.LargePerUser,
            Cases = CorpusCases.Default,
        };
        var corpus = CorpusGenerator.Generate(corpusOptions).ToList();
        var users = corpus.Select(m => m.User).Distinct().ToList();
        var bytes = corpus.Sum(m => m.Size);
        var figures = new List<Figure>();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {corpus.Count} messages, {bytes / 1048576.0:0.0} MB, {users.Count} users, largest {corpus.Max(m => m.Size) / 1048576.0:0.0} MB; mail on {options.MailRoot}"));
        output.WriteLine($"engine: {options.Cli}");
        if (options.HostBatch && options.Host is not null)
            output.WriteLine($"host: {options.Host}");

        await using var source = await DovecotServer.StartAsync(Options(users, '.', exchange: options.ExchangeSource), cancellationToken);
        var seeded = await Ceilings.AppendLoadAsync(source, corpus, u => u, cancellationToken);
        var sourceLabel = options.ExchangeSource ? "source (Exchange-like)" : "source (Dovecot)";
        figures.Add(new Figure(sourceLabel, "APPEND-load (seeding the source)", corpus.Count, bytes, seeded, null));
        var ((readTime, readMessages, readBytes), read) = await DovecotCpu.DuringAsync(() => Ceilings.FetchAllAsync(source, users, cancellationToken), null, source, cancellationToken);
        figures.Add(new Figure(sourceLabel, "read ceiling: FETCH of the whole corpus", readMessages, readBytes, readTime, null, Servers: new DovecotCpu.Servers(read.Target, null)));

        var work = Directory.CreateTempSubdirectory("migrationbot-bench-").FullName;
        var csv = await BenchServers.WriteCsvAsync(work, users, cancellationToken);
        foreach (var exchange in options.PlainOnly ? new[] { false } : new[] { false, true })
        {
            var label = exchange ? "Exchange-like Dovecot" : "Dovecot";
            var targetUsers = users.Select(Email).ToList();
            // The servers share two cores with everything else: each figure is the median of several runs, each
            // into a fresh target, so one noisy run moves neither the ceiling nor the engine's rate.
            var loads = new List<(TimeSpan Elapsed, DovecotCpu.Servers Servers)>();
            for (var run = 0; run < options.Runs; run++)
            {
                await using var ceiling = await DovecotServer.StartAsync(Options(targetUsers, '/', exchange), cancellationToken);
                loads.Add(await DovecotCpu.DuringAsync(() => Ceilings.AppendLoadAsync(ceiling, corpus, Email, cancellationToken), null, ceiling, cancellationToken));
            }

            var load = Medians.Of(loads, l => l.Elapsed);
            figures.Add(new Figure(label, $"write ceiling: APPEND-load of the corpus{Runs}", corpus.Count, bytes, load.Elapsed, null, Servers: load.Servers));

            var copies = new List<(EngineRun.Result Run, DovecotCpu.Servers Servers)>();
            for (var run = 0; run < options.Runs; run++)
            {
                var ledger = Path.Combine(work, $"ledger-{(exchange ? "exchange" : "plain")}-{run}.db");
                var report = Path.Combine(work, "report");
                var target = await DovecotServer.StartAsync(Options(targetUsers, '/', exchange), cancellationToken);
                var full = await DovecotCpu.DuringAsync(
                    () => EngineRun.MigrateAsync(options.Cli, options.Users, source, target, csv, ledger, report, user: null, cancellationToken), source, target, cancellationToken);
                copies.Add(full);
                if (options.Verbose)
                    output.WriteLine(full.Result.Output);
                if (run < options.Runs - 1)
                {
                    await target.DisposeAsync();
                    continue;
                }

                // The no-change pass runs over the last copy's target and ledger.
                await using (target)
                {
                    var (median, medianServers) = Medians.Of(copies, c => c.Run.Elapsed);
                    figures.Add(new Figure(label, $"{Summary.EngineFullCopy}{Runs}", corpus.Count, bytes, median.Elapsed, median.PeakRss, median.Cpu, medianServers));
                    var passes = new List<(EngineRun.Result Run, DovecotCpu.Servers Servers)>();
                    for (var pass = 0; pass < options.NoChangeRuns; pass++)
                    {
                        passes.Add(await DovecotCpu.DuringAsync(
                            () => EngineRun.MigrateAsync(options.Cli, options.Users, source, target, csv, ledger, report, user: null, cancellationToken), source, target, cancellationToken));
                    }

                    var (again, againServers) = Medians.Of(passes, p => p.Run.Elapsed);
                    figures.Add(new Figure(label, $"{Summary.EngineNoChange}{NoChangeRuns}", corpus.Count, 0, again.Elapsed, again.PeakRss, again.Cpu, againServers));
                }
            }

            if (options.HostBatch && !exchange)
            {
                if (options.Host is null)
                {
                    output.WriteLine($"{HostBatchStep.InitialSync}: not measured, no --host (bench/run.sh passes the host's Release build)");
                }
                else
                {
                    figures.AddRange(await new HostBatchStep(options.Host, options.Users, options.Runs, work, options.Verbose, output).RunAsync(
                        label, source, users, (mailboxes, ct) => DovecotServer.StartAsync(Options(mailboxes, '/', exchange), ct), bytes, cancellationToken));
                }
            }

            if (options.Peers && !exchange)
            {
                IPeer[] peers = [new DsyncPeer(), new MbsyncPeer(), new MigrationBotPeer(options.Cli, csv)];
                figures.AddRange(await new PeersStep(peers, options.Runs, options.NoChangeRuns, work, options.Verbose, output).RunAsync(
                    label, source, users, Email, ct => DovecotServer.StartAsync(Options(targetUsers, '/', exchange), ct), bytes, cancellationToken));
            }
        }

        if (options.Verbose)
            output.WriteLine($"kept {work} (ledgers and reports)");
        else
            Directory.Delete(work, recursive: true);
        return figures;
    }

    private string Runs => options.Runs > 1 ? $" (median of {options.Runs})" : "";

    private string NoChangeRuns => options.NoChangeRuns > 1 ? $" (median of {options.NoChangeRuns})" : "";

    private DovecotOptions Options(IEnumerable<string> users, char separator, bool exchange) =>
        BenchServers.Options(users, separator, exchange, options.MailRoot);

    private static string Email(string user) => BenchServers.Email(user);
}
