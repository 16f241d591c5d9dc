namespace MigrationBot.Engine.Sync;

/// <summary>A progress event: a mailbox's folder and how far its copy has come.</summary>
public sealed record MigrationProgress(string EmailAddress, string Folder, int Copied, int ToCopy, string? Status = null);
