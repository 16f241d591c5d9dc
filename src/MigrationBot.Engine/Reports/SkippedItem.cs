namespace MigrationBot.Engine.Reports;

/// <summary>A source message that was deliberately not copied, and why.</summary>
public sealed record SkippedItem(string Folder, uint Uid, long Size, string Reason);
