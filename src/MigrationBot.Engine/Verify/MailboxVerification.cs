namespace MigrationBot.Engine.Verify;

/// <summary>How one mailbox compares, folder by folder.</summary>
public sealed record MailboxVerification(string EmailAddress, IReadOnlyList<FolderVerification> Folders, string? Error = null)
{
    public bool IsIdentical => Error is null && Folders.All(f => f.IsIdentical);
}
