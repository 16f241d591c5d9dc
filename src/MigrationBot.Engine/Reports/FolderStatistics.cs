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
    IReadOnlyList<UnstoredKeywords> UnstoredKeywords);
