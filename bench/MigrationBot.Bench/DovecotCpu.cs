using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench;

/// <summary>The CPU the given Dovecot instances have used so far, their imap, login and auth processes included.</summary>
internal static class DovecotCpu
{
    public static TimeSpan? Read(params DovecotServer[] servers)
    {
        var total = TimeSpan.Zero;
        foreach (var server in servers)
        {
            if (server.MasterProcessId is not { } master || ProcessTreeCpu.Read(master) is not { } cpu)
                return null;
            total += cpu;
        }

        return total;
    }

    /// <summary>
    /// What the servers used while <paramref name="run"/> ran. Read again after a short wait: a process that has logged
    /// out is counted once its master has reaped it.
    /// </summary>
    public static async Task<(T Result, TimeSpan? Cpu)> DuringAsync<T>(Func<Task<T>> run, CancellationToken cancellationToken, params DovecotServer[] servers)
    {
        var before = Read(servers);
        var result = await run();
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        var after = Read(servers);
        return (result, before is { } b && after is { } a ? a - b : null);
    }
}
