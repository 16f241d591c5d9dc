using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationBot.Engine.Ledger.Stores;

/// <summary>
/// Rides out the ledger's database being away (PostgreSQL restarting or failing over): the same work is tried again on
/// a new connection, 1 s, 2 s, … up to 15 s apart (the engine's jittered <see cref="Sync.Backoff"/>), for up to <see cref="GiveUpAfter"/>; a pass waits instead of
/// failing its mailbox. Every ledger write is an idempotent transaction (an upsert, or an update or delete keyed by
/// the row it changes), so work whose COMMIT was cut off, and may or may not have landed, is safe to run again.
/// </summary>
internal sealed class LedgerOutages(LedgerDatabase database, TimeProvider time, ILogger? logger)
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>How long the database may be away before the work fails (and, with it, the pass).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <param name="work">The work, from the start; run again after a failure that means the database is away.</param>
    /// <param name="dropConnection">Forgets a connection the failure may have broken, before the next try.</param>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, Func<ValueTask>? dropConnection, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception ex) when (database.IsUnreachable(ex) && time.GetUtcNow() - started < GiveUpAfter && !cancellationToken.IsCancellationRequested)
            {
                var wait = Sync.Backoff.Delay(attempt, FirstWait, MaxWait, serverHint: null);
                Log.LedgerUnreachable(_logger, ex.Message, attempt, wait.TotalSeconds);
                if (dropConnection is not null)
                    await dropConnection();
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }
}
