using MigrationBot.Storage;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Batches.Storage;

/// <summary>
/// The batch tables in PostgreSQL, version by version; the same tables as SQLite's, in PostgreSQL's types (uuid,
/// timestamptz kept to the millisecond as SQLite's, boolean, jsonb). Version 1 is the tables as SQLite first wrote them;
/// version 2 adds the columns SQLite's upgrade adds (profile, progress). A new column is a new version, never an edit.
/// </summary>
internal static class PostgresBatchSchema
{
    public const string Area = "batches";

    public static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS batches (
                id                   uuid        NOT NULL PRIMARY KEY,
                seq                  bigint      GENERATED ALWAYS AS IDENTITY,
                name                 text        NOT NULL,
                name_key             text        NOT NULL,
                state                text        NOT NULL,
                created_by           text        NOT NULL,
                created_at           timestamptz NOT NULL,
                updated_at           timestamptz NOT NULL,
                settings             jsonb       NOT NULL,
                conversation_id      text,
                progress_activity_id text,
                admin_secret         text
            );
            CREATE UNIQUE INDEX IF NOT EXISTS batches_live_name ON batches (name_key) WHERE state <> 'Removing';
            CREATE TABLE IF NOT EXISTS batch_users (
                batch_id      uuid        NOT NULL REFERENCES batches (id),
                email_address text        NOT NULL,
                state         text        NOT NULL,
                reason        text,
                user_name     text        NOT NULL,
                user_root     text,
                secret        text,
                copied        integer     NOT NULL DEFAULT 0,
                bytes         bigint      NOT NULL DEFAULT 0,
                skipped       integer     NOT NULL DEFAULT 0,
                failed        integer     NOT NULL DEFAULT 0,
                passes        integer     NOT NULL DEFAULT 0,
                last_sync_at  timestamptz,
                initial_done  boolean     NOT NULL DEFAULT false,
                PRIMARY KEY (batch_id, email_address)
            );
            CREATE TABLE IF NOT EXISTS batch_history (
                seq           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                batch_id      uuid        NOT NULL REFERENCES batches (id),
                email_address text,
                from_state    text        NOT NULL,
                to_state      text        NOT NULL,
                cause         text        NOT NULL,
                reason        text,
                at            timestamptz NOT NULL
            );
            CREATE INDEX IF NOT EXISTS batch_history_batch ON batch_history (batch_id, seq);
            CREATE TABLE IF NOT EXISTS audit_log (
                seq        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at         timestamptz NOT NULL,
                actor      text        NOT NULL,
                action     text        NOT NULL,
                batch_name text,
                allowed    boolean     NOT NULL,
                detail     text
            );
            """),
        new(2, """
            ALTER TABLE batch_users
                ADD COLUMN IF NOT EXISTS object_id         text,
                ADD COLUMN IF NOT EXISTS display_name      text,
                ADD COLUMN IF NOT EXISTS time_zone         text,
                ADD COLUMN IF NOT EXISTS locale            text,
                ADD COLUMN IF NOT EXISTS progress_at       timestamptz,
                ADD COLUMN IF NOT EXISTS stall_alerted_for timestamptz;
            """),
        new(3, """
            ALTER TABLE batch_users ADD COLUMN IF NOT EXISTS live_pass text;
            """),
    ];
}
