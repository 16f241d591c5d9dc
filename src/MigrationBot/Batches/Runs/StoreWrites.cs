using Microsoft.Extensions.Logging;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Work that must not be lost to a database that is briefly away (PostgreSQL restarting, a failover, SQLite busy past
/// its timeout): a pass's totals and its user's next state, the reads a pass begins with, a batch's start. While the application database, or Quartz's
/// store in it, is unreachable (<see cref="DatabaseFailure"/>), it is tried again 1 s, 2 s, … up to 30 s apart (jittered),
/// for up to <see cref="GiveUpAfter"/> from the first failure, instead of failing the job and leaving the user "Syncing" or
/// the batch half started.
/// </summary>
public sealed class StoreWrites(TimeProvider time, ILogger<StoreWrites> logger)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <param name="what">What is written or read, for the log (no values).</param>
    public Task<T> UntilStoredAsync<T>(string what, Func<Task<T>> write, CancellationToken cancellationToken) =>
        UntilStoredAsync(what, write, GiveUpAfter, cancellationToken);

    /// <param name="what">What is written or read, for the log (no values).</param>
    /// <param name="giveUpAfter">How long the database may stay away, from the first failure, before its error is thrown.</param>
    public async Task<T> UntilStoredAsync<T>(string what, Func<Task<T>> write, TimeSpan giveUpAfter, CancellationToken cancellationToken)
    {
        DateTimeOffset? failingSince = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception ex) when (DatabaseFailure.CauseOf(ex) is { } cause && !cancellationToken.IsCancellationRequested)
            {
                // Timed from the first failure: a start whose preflight took long still waits its whole time for the database.
                failingSince ??= time.GetUtcNow();
                if (time.GetUtcNow() - failingSince >= giveUpAfter)
                    throw;
                var wait = Backoff.Delay(attempt, FirstWait, MaxWait, serverHint: null);
                // The driver's own message (Npgsql names host and port, never the password), not Quartz's, which
                // repeats the driver's whole stack trace.
                Log.StoreWriteRetrying(logger, what, attempt, Math.Round(wait.TotalSeconds, 1), cause.GetType().Name, cause.Message);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    public Task UntilStoredAsync(string what, Func<Task> write, CancellationToken cancellationToken) =>
        UntilStoredAsync(what, write, GiveUpAfter, cancellationToken);

    public Task UntilStoredAsync(string what, Func<Task> write, TimeSpan giveUpAfter, CancellationToken cancellationToken) =>
        UntilStoredAsync(what, async () =>
        {
            await write();
            return true;
        }, giveUpAfter, cancellationToken);
}
