using MailKit;

namespace MigrationBot.Engine.Sync;

/// <summary>A source message that the ledger does not yet have on the target.</summary>
internal sealed record MessageCandidate(uint Uid, MessageFlags Flags, string Keywords, DateTimeOffset InternalDate, long Size, string ContentKey);
