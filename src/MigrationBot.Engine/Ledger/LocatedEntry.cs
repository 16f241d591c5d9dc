namespace MigrationBot.Engine.Ledger;

/// <summary>A ledger entry with the source folder and UIDVALIDITY it is recorded under.</summary>
public sealed record LocatedEntry(string SourceFolder, uint UidValidity, LedgerEntry Entry);
