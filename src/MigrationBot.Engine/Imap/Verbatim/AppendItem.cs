using MailKit;

namespace MigrationBot.Engine.Imap.Verbatim;

/// <summary>One message to APPEND: its exact bytes (a seekable stream), flags, keywords and INTERNALDATE.</summary>
internal sealed record AppendItem(MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset InternalDate, Stream Content);

/// <summary>What the server answered one APPEND: the UID it gave (APPENDUID), or its refusal.</summary>
internal sealed record AppendOutcome(uint? Uid, MailKit.Net.Imap.ImapCommandException? Refusal);
