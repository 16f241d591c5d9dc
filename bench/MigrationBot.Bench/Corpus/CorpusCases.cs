namespace MigrationBot.Bench.Corpus;

/// <summary>
/// The tricky cases a corpus can contain. On <see cref="CorpusOptions"/> they switch cases on; on a
/// <see cref="CorpusMessage"/> they say which cases that message exercises.
/// </summary>
[Flags]
public enum CorpusCases
{
    None = 0,
    /// <summary>Folders below folders: <c>Projects/2024/Q1</c>.</summary>
    NestedFolders = 1 << 0,
    /// <summary>Folder names outside ASCII (sent as modified UTF-7 or UTF-8): <c>Reçus</c>, <c>日本語</c>, <c>Привет</c>.</summary>
    NonAsciiFolderNames = 1 << 1,
    /// <summary>A folder name with a literal '/' in it, possible only on a source whose separator is '.'.</summary>
    SlashInFolderName = 1 << 2,
    /// <summary>Messages without a Message-ID header.</summary>
    MissingMessageId = 1 << 3,
    /// <summary>Several messages in one folder sharing a Message-ID, with different bodies.</summary>
    DuplicateMessageId = 1 << 4,
    /// <summary>Raw UTF-8 in headers (RFC 6532 style), not encoded words.</summary>
    EightBitHeaders = 1 << 5,
    /// <summary>Internal dates spread over ten years and several UTC offsets.</summary>
    VariedDates = 1 << 6,
    /// <summary>System flags <c>\Seen \Answered \Flagged \Draft</c>.</summary>
    Flags = 1 << 7,
    /// <summary>Keywords <c>$Forwarded</c>, <c>$Label1</c> and custom ones.</summary>
    Keywords = 1 << 8,
    /// <summary><c>multipart/mixed</c> with a base64 attachment.</summary>
    Attachments = 1 << 9,

    /// <summary>Every case a '/'-separator server (Dovecot's default, Exchange) can hold.</summary>
    Default = NestedFolders | NonAsciiFolderNames | MissingMessageId | DuplicateMessageId | EightBitHeaders
        | VariedDates | Flags | Keywords | Attachments,

    /// <summary>Every case, including <see cref="SlashInFolderName"/>.</summary>
    All = Default | SlashInFolderName,
}
