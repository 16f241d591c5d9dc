using MailKit;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>What a test mailbox holds for one message, as read back over IMAP.</summary>
public sealed record SeededMessage(
    UniqueId Uid,
    string? MessageId,
    MessageFlags Flags,
    IReadOnlySet<string> Keywords,
    DateTimeOffset? InternalDate,
    uint? Size);

/// <summary>One folder of a test mailbox: its name, LIST attributes (incl. special use) and counts.</summary>
public sealed record SeededFolder(string FullName, FolderAttributes Attributes, int Count, uint UidValidity, uint? UidNext);
