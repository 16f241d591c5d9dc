using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench;

/// <summary>The CPU a Dovecot instance has used so far, its imap, login and auth processes included.</summary>
internal static class DovecotCpu
{
    /// <summary>What the source and the target server used over one run.</summary>
    public sealed record Servers(TimeSpan? Source, TimeSpan? Target);

    public static TimeSpan? Read(DovecotServer? server) =>
        server?.MasterProcessId is { } master ? ProcessTreeCpu.Read(master) : null;

    /// <summary>
    /// What the servers used while <paramref name="run"/> ran. Read again after a short wait: a process that has logged
    /// out is counted once its master has reaped it.
    /// </summary>
    public static async Task<(T Result, Servers Cpu)> DuringAsync<T>(Func<Task<T>> run, DovecotServer? source, DovecotServer target, CancellationToken cancellationToken)
    {
        var (source0, target0) = (Read(source), Read(target));
        var result = await run();
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        var (source1, target1) = (Read(source), Read(target));
        return (result, new Servers(source1 - source0, target1 - target0));
    }
}
