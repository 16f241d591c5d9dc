using MailKit;

namespace MigrationBot.Engine.Verify;

/// <summary>What the verifier compares of one message: its bytes' hash, flags, keywords and internal date.</summary>
internal sealed record MessageFingerprint(string Hash, MessageFlags Flags, string Keywords, DateTimeOffset InternalDate);
