using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Preflight;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// One user's preflight before the batch syncs: both IMAP logins, the folder plan, sizes. A failure is the user's
/// answer, never an exception, except the application database's own (reading the user's credentials), which the
/// start tries again. The seam the start's tests replace: the real one (<see cref="ImapPreflight"/>) needs both servers.
/// </summary>
public interface IMailboxPreflight
{
    Task<PreflightResult> RunAsync(Batch batch, BatchUser user, CancellationToken cancellationToken);
}
