using MigrationBot.Engine.Imap;

namespace MigrationBot.Engine.Sync;

/// <summary>One mailbox to copy: where it comes from and where it goes, with the logins for both sides.</summary>
/// <param name="EmailAddress">The target address; the ledger and the report key on it.</param>
/// <param name="Source">The source server.</param>
/// <param name="SourceLogin">How to log in to the source for this user.</param>
/// <param name="UserRoot">The source folder that holds this user's folders, or null.</param>
/// <param name="Target">The target server.</param>
/// <param name="TargetLogin">How to log in to the target mailbox.</param>
public sealed record MailboxJob(
    string EmailAddress,
    ImapEndpoint Source,
    ImapLogin SourceLogin,
    string? UserRoot,
    ImapEndpoint Target,
    ImapLogin TargetLogin);
