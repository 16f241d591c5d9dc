namespace MigrationBot.Engine.Sync;

/// <summary>
/// A progress event: a mailbox's folder and how far its copy has come (<paramref name="Copied"/> of
/// <paramref name="ToCopy"/> in that folder), or what the pass waits for (<paramref name="Status"/>).
/// </summary>
public sealed record MigrationProgress(string EmailAddress, string Folder, int Copied, int ToCopy, string? Status = null)
{
    /// <summary>Messages this pass has copied so far, in all its folders (the current one included).</summary>
    public int PassCopied { get; init; }

    /// <summary>Bytes of the messages this pass has copied so far, in all its folders.</summary>
    public long PassBytes { get; init; }
}
