using MigrationBot.Engine.Storage;

namespace MigrationBot.Engine.Ledger.Stores;

/// <summary>
/// The ledger's tables. One database serves every mailbox of a run; rows are keyed by the target address. SQLite's
/// and PostgreSQL's are the same tables; PostgreSQL's use <c>bigint</c> where a UID, UIDVALIDITY or MODSEQ (unsigned
/// 32- and 64-bit numbers, stored as signed 64-bit) or a time goes.
/// </summary>
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

    /// <summary>PostgreSQL's versions of the tables, in order (area <c>ledger</c>); each step idempotent.</summary>
    public static readonly IReadOnlyList<SchemaMigration> PostgresMigrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS ledger_folders (
                mailbox            text   NOT NULL,
                source_folder      text   NOT NULL,
                uidvalidity        bigint NOT NULL,
                uidnext            bigint NOT NULL,
                highest_modseq     bigint NOT NULL,
                message_count      integer NOT NULL,
                options_key        text   NOT NULL,
                target_folder      text   NOT NULL,
                target_uidvalidity bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (mailbox, source_folder)
            );
            CREATE TABLE IF NOT EXISTS ledger_messages (
                mailbox             text    NOT NULL,
                source_folder       text    NOT NULL,
                uidvalidity         bigint  NOT NULL,
                uid                 bigint  NOT NULL,
                state               integer NOT NULL,
                content_key         text    NOT NULL,
                size                bigint  NOT NULL,
                target_folder       text    NOT NULL,
                target_uid          bigint,
                target_marker       bigint  NOT NULL,
                flags               bigint  NOT NULL,
                keywords            text    NOT NULL,
                keywords_not_stored text,
                internal_date       bigint  NOT NULL DEFAULT 0,
                PRIMARY KEY (mailbox, source_folder, uidvalidity, uid)
            );
            CREATE TABLE IF NOT EXISTS ledger_skips (
                mailbox       text   NOT NULL,
                source_folder text   NOT NULL,
                uid           bigint NOT NULL,
                size          bigint NOT NULL,
                reason        text   NOT NULL,
                PRIMARY KEY (mailbox, source_folder, uid)
            );
            CREATE TABLE IF NOT EXISTS ledger_leases (
                mailbox     text   NOT NULL PRIMARY KEY,
                owner       text   NOT NULL,
                acquired_at bigint NOT NULL,
                expires_at  bigint NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ledger_messages_inflight ON ledger_messages (mailbox, source_folder, state);
            CREATE INDEX IF NOT EXISTS ledger_messages_key ON ledger_messages (mailbox, content_key);
            CREATE INDEX IF NOT EXISTS ledger_messages_target ON ledger_messages (mailbox, target_folder, target_uid);
            """),
        // PostgreSQL planned the UPDATE of one message by its full primary key through the in-flight index (every row of
        // the folder shares its mailbox, folder and state) or, once analysed, through the target index for a mailbox the
        // statistics had not seen: the cost of a commit grew with the folder (273 µs a message over the first quarter of
        // 20,000, 1,190 µs over the last). Partial indexes only serve the queries that name their predicate, so a
        // statement by primary key has the primary key alone.
        new(2, """
            DROP INDEX IF EXISTS ledger_messages_inflight;
            DROP INDEX IF EXISTS ledger_messages_key;
            DROP INDEX IF EXISTS ledger_messages_target;
            CREATE INDEX IF NOT EXISTS ledger_messages_inflight_only ON ledger_messages (mailbox, source_folder) WHERE state = 0;
            CREATE INDEX IF NOT EXISTS ledger_messages_key_held ON ledger_messages (mailbox, content_key) WHERE state IN (1, 2);
            CREATE INDEX IF NOT EXISTS ledger_messages_target_held ON ledger_messages (mailbox, target_folder, target_uid) WHERE target_uid IS NOT NULL;
            """),
    ];
}
