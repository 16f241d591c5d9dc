using MigrationBot.Engine.Imap;

namespace MigrationBot.Engine.Verify;

/// <summary>How one mailbox compares, folder by folder.</summary>
/// <param name="Error">Why the mailbox could not be verified (a server unreachable, a login refused, …), or null.</param>
/// <param name="FailureKind">The kind of that failure, so a caller can tell a refused login from a difference.</param>
public sealed record MailboxVerification(string EmailAddress, IReadOnlyList<FolderVerification> Folders, string? Error = null, ImapFailureKind? FailureKind = null)
{
    public bool IsIdentical => Error is null && Folders.All(f => f.IsIdentical);
}
