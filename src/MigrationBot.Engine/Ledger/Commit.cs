namespace MigrationBot.Engine.Ledger;

/// <summary>A message the target now holds: its source UID, its target UID, and keywords the target could not store.</summary>
public sealed record Commit(uint SourceUid, uint TargetUid, string? KeywordsNotStored);
