namespace MigrationBot.Engine.Verify;

/// <summary>How one source folder compares with its target folder.</summary>
/// <param name="Missing">Source messages with no copy on the target (by the SHA-256 of their bytes).</param>
/// <param name="Duplicated">Extra copies on the target beyond what the source holds.</param>
/// <param name="FlagMismatches">Copies whose system flags differ from the source's.</param>
/// <param name="KeywordMismatches">Copies whose keywords differ (only keywords the target can store are compared).</param>
/// <param name="DateMismatches">Copies whose INTERNALDATE differs from the source's.</param>
public sealed record FolderVerification(
    string SourceFolder,
    string TargetFolder,
    int SourceCount,
    int TargetCount,
    int Missing,
    int Duplicated,
    int FlagMismatches,
    int KeywordMismatches,
    int DateMismatches)
{
    public bool IsIdentical => Missing == 0 && Duplicated == 0 && FlagMismatches == 0 && KeywordMismatches == 0 && DateMismatches == 0;

    public override string ToString() =>
        $"{SourceFolder} -> {TargetFolder}: source {SourceCount}, target {TargetCount}, missing {Missing}, duplicated {Duplicated}, " +
        $"flags differ {FlagMismatches}, keywords differ {KeywordMismatches}, dates differ {DateMismatches}";
}
