namespace MigrationBot.Engine.Ledger;

/// <summary>The ledger's tables. One database serves every mailbox of a run; rows are keyed by the target address.</summary>
internal static class LedgerSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS ledger_folders (
            mailbox        TEXT    NOT NULL,
            source_folder  TEXT    NOT NULL,
            uidvalidity    INTEGER NOT NULL,
            uidnext        INTEGER NOT NULL,
            highest_modseq INTEGER NOT NULL,
            message_count  INTEGER NOT NULL,
            options_key    TEXT    NOT NULL,
            target_folder  TEXT    NOT NULL,
            target_uidvalidity INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (mailbox, source_folder)
        );
        CREATE TABLE IF NOT EXISTS ledger_messages (
            mailbox             TEXT    NOT NULL,
            source_folder       TEXT    NOT NULL,
            uidvalidity         INTEGER NOT NULL,
            uid                 INTEGER NOT NULL,
            state               INTEGER NOT NULL,
            content_key         TEXT    NOT NULL,
            size                INTEGER NOT NULL,
            target_folder       TEXT    NOT NULL,
            target_uid          INTEGER,
            target_marker       INTEGER NOT NULL,
            flags               INTEGER NOT NULL,
            keywords            TEXT    NOT NULL,
            keywords_not_stored TEXT,
            internal_date       INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (mailbox, source_folder, uidvalidity, uid)
        );
        CREATE TABLE IF NOT EXISTS ledger_skips (
            mailbox        TEXT    NOT NULL,
            source_folder  TEXT    NOT NULL,
            uid            INTEGER NOT NULL,
            size           INTEGER NOT NULL,
            reason         TEXT    NOT NULL,
            PRIMARY KEY (mailbox, source_folder, uid)
        );
        CREATE TABLE IF NOT EXISTS ledger_leases (
            mailbox     TEXT    NOT NULL PRIMARY KEY,
            owner       TEXT    NOT NULL,
            acquired_at INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ledger_messages_inflight ON ledger_messages (mailbox, source_folder, state);
        CREATE INDEX IF NOT EXISTS ledger_messages_key ON ledger_messages (mailbox, content_key);
        CREATE INDEX IF NOT EXISTS ledger_messages_target ON ledger_messages (mailbox, target_folder, target_uid);
        """;

    /// <summary>
    /// Columns added since the first ledgers were written, as (table, column, definition): a ledger from an earlier
    /// version gains them when it is opened (0 meaning "not recorded"), so its history is kept.
    /// </summary>
    public static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("ledger_folders", "target_uidvalidity", "INTEGER NOT NULL DEFAULT 0"),
        ("ledger_messages", "internal_date", "INTEGER NOT NULL DEFAULT 0"),
    ];
}
