using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Sync;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Batches.Runs;

/// <summary>Turns a stored batch user into the engine's <see cref="MailboxJob"/>, decrypting its credentials only here.</summary>
public sealed class MailboxJobFactory(IBatchStore store, CredentialProtector protector, TargetLogins target)
{
    /// <exception cref="CredentialUnavailableException">The stored credentials cannot be decrypted, or were purged.</exception>
    /// <exception cref="InvalidOperationException">The target is not configured.</exception>
    public async Task<MailboxJob> CreateAsync(Batch batch, BatchUser user, CancellationToken cancellationToken)
    {
        var secrets = await store.SecretsAsync(batch.Id, user.EmailAddress, cancellationToken);
        var userPassword = secrets.UserPassword is null ? null : protector.Unprotect(secrets.UserPassword);
        var password = batch.Settings.AdminForm == AdminForm.None ? userPassword : secrets.AdminPassword is null ? null : protector.Unprotect(secrets.AdminPassword);
        if (password is null)
            throw new CredentialUnavailableException("the batch's stored credentials were purged (it was completed or removed); start a new batch to sync again");
        var sourceLogin = SourceLogins.For(batch.Settings.AdminForm, batch.Settings.AdminUser, user.UserName, password);
        return new MailboxJob(user.EmailAddress, batch.Settings.Source, sourceLogin, user.UserRoot, target.Endpoint, target.For(user.EmailAddress, userPassword));
    }

    public static MigrationOptions OptionsFor(Batch batch) => new()
    {
        MaxMessageSize = batch.Settings.MaxMessageSize,
        Folders = new FolderFilter(excluded: batch.Settings.ExcludedFolders),
        MaxConcurrentMailboxes = batch.Settings.MaxConcurrentMailboxes,
    };
}
