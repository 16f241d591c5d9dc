using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// A write a pass must not lose (its totals, its user's next state): while the application database is unreachable
/// (PostgreSQL restarting, a failover, SQLite busy past its timeout) it is tried again, 1 s, 2 s, … up to 30 s apart,
/// for up to <see cref="GiveUpAfter"/>, instead of failing the job and leaving the user "Syncing" until its next slot.
/// </summary>
public sealed class StoreWrites(TimeProvider time, ILogger<StoreWrites> logger)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <param name="what">What is written, for the log (no values).</param>
    public async Task<T> UntilStoredAsync<T>(string what, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (DbException ex) when (time.GetUtcNow() - started < GiveUpAfter && !cancellationToken.IsCancellationRequested)
            {
                Log.StoreWriteRetrying(logger, what, attempt, wait.TotalSeconds, ex.GetType().Name, ex.Message);
                await Task.Delay(wait, time, cancellationToken);
                wait = wait * 2 > MaxWait ? MaxWait : wait * 2;
            }
        }
    }

    public Task UntilStoredAsync(string what, Func<Task> write, CancellationToken cancellationToken) =>
        UntilStoredAsync(what, async () =>
        {
            await write();
            return true;
        }, cancellationToken);
}
