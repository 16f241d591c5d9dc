namespace MigrationBot.Engine.Reports;

/// <summary>What one pass did to one folder.</summary>
/// <param name="Found">Messages in the source folder when the pass looked.</param>
/// <param name="Copied">Messages appended to the target in this pass.</param>
/// <param name="AlreadyPresent">Messages the ledger already had on the target.</param>
/// <param name="Skipped">Messages not copied on purpose (size, date filter, refused by the target).</param>
/// <param name="Failed">Messages that could not be copied because of an error.</param>
/// <param name="Bytes">Bytes appended in this pass.</param>
/// <param name="FlagsUpdated">Target messages whose flags were re-synced from the source.</param>
/// <param name="KeywordsNotStored">Messages copied without keywords the target could not store (listed in <paramref name="UnstoredKeywords"/>).</param>
/// <param name="UnstoredKeywords">Each such message and the keywords it arrived without.</param>
public sealed record FolderStatistics(
    string SourceFolder,
    string TargetFolder,
    int Found,
    int Copied,
    int AlreadyPresent,
    int Skipped,
    int Failed,
    long Bytes,
    int FlagsUpdated,
    int KeywordsNotStored,
    TimeSpan Duration,
    IReadOnlyList<SkippedItem> Skips,
    IReadOnlyList<UnstoredKeywords> UnstoredKeywords)
{
    /// <summary>Messages filed into this folder on the source since the last pass whose copies were moved here on the target.</summary>
    public int MovedIn { get; init; }

    /// <summary>Messages that were on the target already (another tool or ledger put them there), recorded instead of copied.</summary>
    public int Adopted { get; init; }

    /// <summary>Messages no longer in this source folder since the last pass (filed elsewhere, or deleted).</summary>
    public int VanishedOnSource { get; init; }

    /// <summary>Of those deleted on the source, the copies expunged on the target (mirror mode); the rest were kept.</summary>
    public int RemovedOnTarget { get; init; }
}
