using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Preflight;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Batches.Runs;

/// <summary>The preflight against the batch's source and the target, with the user's stored credentials (<see cref="MailboxPreflight"/>).</summary>
public sealed class ImapPreflight(MailboxJobFactory jobs, ILogger<ImapPreflight> logger) : IMailboxPreflight
{
    public async Task<PreflightResult> RunAsync(Batch batch, BatchUser user, CancellationToken cancellationToken)
    {
        try
        {
            var job = await jobs.CreateAsync(batch, user, cancellationToken);
            return await MailboxPreflight.RunAsync(job, MailboxJobFactory.OptionsFor(batch), logger, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or CredentialUnavailableException)
        {
            return new PreflightResult(user.EmailAddress, ex.Message, []);
        }
    }
}
