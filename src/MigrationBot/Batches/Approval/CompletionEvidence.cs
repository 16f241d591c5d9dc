using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Verify;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Batches.Approval;

/// <summary>The evidence for approval: every user's mailbox compared, folder by folder, by the engine's verifier.</summary>
public sealed class CompletionEvidence(IBatchStore store, MailboxJobFactory jobs, ILogger<CompletionEvidence> logger)
{
    public async Task<(IReadOnlyList<BatchUser> Users, IReadOnlyList<MailboxVerification> Evidence)> GatherAsync(Batch batch, CancellationToken cancellationToken)
    {
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var options = MailboxJobFactory.OptionsFor(batch);
        var results = new MailboxVerification[users.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Min(4, batch.Settings.MaxConcurrentMailboxes), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    results[i] = await Verifier.VerifyAsync(await jobs.CreateAsync(batch, users[i], ct), options, logger, ct);
                }
                catch (Exception ex) when (ex is InvalidOperationException or CredentialUnavailableException)
                {
                    results[i] = new MailboxVerification(users[i].EmailAddress, [], ex.Message);
                }
            });
        return (users, results);
    }
}
