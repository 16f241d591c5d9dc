using System.Data.Common;
using System.Globalization;
using MailKit;
using MigrationBot.Engine.Ledger.Stores;
using MigrationBot.Engine.Storage;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// One mailbox's rows in the ledger, held for one pass. Its operations are serialised on one connection (appenders
/// commit concurrently); while the database is away each waits and is tried again on a new connection.
/// </summary>
public sealed partial class MailboxLedger : IAsyncDisposable
{
    private const string EntryColumns = "uid, state, content_key, size, target_folder, target_uid, target_marker, flags, keywords, keywords_not_stored, internal_date";
    private readonly string _mailbox;
    private readonly LedgerDatabase _database;
    private readonly LedgerOutages _outages;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MailboxLease _lease;
    private DbConnection? _connection;

    internal MailboxLedger(string mailbox, LedgerDatabase database, LedgerOutages outages, MailboxLease lease)
    {
        _mailbox = mailbox;
        _database = database;
        _outages = outages;
        _lease = lease;
    }

    /// <summary>Cancelled if this pass lost its hold on the mailbox to another pass; the pass must stop.</summary>
    public CancellationToken LeaseLost => _lease.Lost;

    public Task<FolderState?> GetFolderStateAsync(string sourceFolder, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                "SELECT uidvalidity, uidnext, highest_modseq, message_count, options_key, target_folder, target_uidvalidity FROM ledger_folders WHERE mailbox=@m AND source_folder=@f",
                ("f", sourceFolder));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            return new FolderState(sourceFolder, (uint)reader.GetInt64(0), (uint)reader.GetInt64(1), (ulong)reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5), (uint)reader.GetInt64(6));
        }, cancellationToken);

    public Task SaveFolderStateAsync(FolderState state, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection,
                """
                INSERT INTO ledger_folders (mailbox, source_folder, uidvalidity, uidnext, highest_modseq, message_count, options_key, target_folder, target_uidvalidity)
                VALUES (@m, @f, @v, @n, @s, @c, @o, @t, @tv)
                ON CONFLICT (mailbox, source_folder) DO UPDATE SET uidvalidity=@v, uidnext=@n, highest_modseq=@s, message_count=@c, options_key=@o, target_folder=@t, target_uidvalidity=@tv
                """,
                ("f", state.SourceFolder), ("v", (long)state.UidValidity), ("n", (long)state.UidNext), ("s", (long)state.HighestModSeq),
                ("c", state.MessageCount), ("o", state.OptionsKey), ("t", state.TargetFolder), ("tv", (long)state.TargetUidValidity));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Forgets the folder's clean-pass state, so the next pass looks at every message again.</summary>
    public Task ClearFolderStateAsync(string sourceFolder, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, "DELETE FROM ledger_folders WHERE mailbox=@m AND source_folder=@f", ("f", sourceFolder));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Forgets everything recorded of a source folder's messages and its clean-pass state (its skips stay).</summary>
    public Task ForgetFolderAsync(string sourceFolder, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var table in new[] { "ledger_messages", "ledger_folders" })
            {
                await using var delete = Command(connection, $"DELETE FROM {table} WHERE mailbox=@m AND source_folder=@f", ("f", sourceFolder));
                delete.Transaction = transaction;
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Every entry of the folder under one UIDVALIDITY, by source UID.</summary>
    public Task<Dictionary<uint, LedgerEntry>> LoadEntriesAsync(string sourceFolder, uint uidValidity, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                $"SELECT {EntryColumns} FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v",
                ("f", sourceFolder), ("v", (long)uidValidity));
            return await ReadEntriesByUidAsync(command, cancellationToken);
        }, cancellationToken);

    /// <summary>The entries of the folder under one UIDVALIDITY whose source UIDs lie in [<paramref name="lowest"/>, <paramref name="highest"/>].</summary>
    public Task<Dictionary<uint, LedgerEntry>> LoadEntriesAsync(string sourceFolder, uint uidValidity, uint lowest, uint highest, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                $"SELECT {EntryColumns} FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid BETWEEN @lo AND @hi",
                ("f", sourceFolder), ("v", (long)uidValidity), ("lo", (long)lowest), ("hi", (long)highest));
            return await ReadEntriesByUidAsync(command, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Entries of the folder recorded under any UIDVALIDITY other than <paramref name="uidValidity"/> that are still
    /// to be matched (committed or in flight; not those already marked vanished when the UIDVALIDITY last changed).
    /// </summary>
    public Task<List<(uint UidValidity, LedgerEntry Entry)>> LoadStaleEntriesAsync(string sourceFolder, uint uidValidity, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                $"SELECT uidvalidity, {EntryColumns} FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity<>@v AND state<>2 ORDER BY uidvalidity, uid",
                ("f", sourceFolder), ("v", (long)uidValidity));
            return await ReadWithValidityAsync(command, cancellationToken);
        }, cancellationToken);

    /// <summary>How many messages of the folder under this UIDVALIDITY the target holds.</summary>
    public Task<int> CountCommittedAsync(string sourceFolder, uint uidValidity, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                "SELECT COUNT(*) FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND state=1",
                ("f", sourceFolder), ("v", (long)uidValidity));
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <summary>Messages of the folder whose APPEND may or may not have reached the target.</summary>
    public Task<List<(uint UidValidity, LedgerEntry Entry)>> LoadInFlightAsync(string sourceFolder, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                $"SELECT uidvalidity, {EntryColumns} FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND state=0 ORDER BY uid",
                ("f", sourceFolder));
            return await ReadWithValidityAsync(command, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// The target UIDs of a target folder that some entry of this mailbox already owns: committed, or vanished from
    /// the source with its copy still on the target.
    /// </summary>
    public Task<HashSet<uint>> LoadOwnedTargetUidsAsync(string targetFolder, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                "SELECT target_uid FROM ledger_messages WHERE mailbox=@m AND target_folder=@t AND state IN (1, 2) AND target_uid IS NOT NULL",
                ("t", targetFolder));
            var uids = new HashSet<uint>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                uids.Add((uint)reader.GetInt64(0));
            return uids;
        }, cancellationToken);

    /// <summary>Records, in one transaction, that APPENDs of these messages are about to be sent.</summary>
    public Task MarkInFlightAsync(string sourceFolder, uint uidValidity, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            $"""
            INSERT INTO ledger_messages (mailbox, source_folder, uidvalidity, {EntryColumns})
            VALUES (@m, @f, @v, @u, 0, @k, @z, @t, NULL, @x, @g, @w, NULL, @d)
            ON CONFLICT (mailbox, source_folder, uidvalidity, uid) DO UPDATE SET state=0, content_key=@k, size=@z, target_folder=@t, target_uid=NULL, target_marker=@x, flags=@g, keywords=@w, internal_date=@d
            """,
            [("f", sourceFolder), ("v", (long)uidValidity)],
            entries, entry =>
            [
                ("u", (long)entry.Uid), ("k", entry.ContentKey), ("z", entry.Size), ("t", entry.TargetFolder), ("x", (long)entry.TargetMarker),
                ("g", (long)entry.Flags), ("w", entry.Keywords), ("d", entry.InternalDate.ToUnixTimeSeconds()),
            ], cancellationToken), cancellationToken);

    /// <summary>Records, in one transaction, that the target holds these messages at the given UIDs.</summary>
    public Task CommitAsync(string sourceFolder, uint uidValidity, IReadOnlyList<Commit> commits, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            "UPDATE ledger_messages SET state=1, target_uid=@t, keywords_not_stored=@n WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid=@u",
            [("f", sourceFolder), ("v", (long)uidValidity)],
            commits, commit => [("u", (long)commit.SourceUid), ("t", (long)commit.TargetUid), ("n", commit.KeywordsNotStored)],
            cancellationToken), cancellationToken);

    /// <summary>Drops in-flight rows whose APPEND is known not to have happened, so they are copied again.</summary>
    public Task ForgetInFlightAsync(string sourceFolder, uint uidValidity, IEnumerable<uint> uids, CancellationToken cancellationToken)
    {
        var list = uids.ToList();
        return InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            "DELETE FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid=@u AND state=0",
            [("f", sourceFolder), ("v", (long)uidValidity)],
            list, uid => [("u", (long)uid)], cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Moves entries of a folder whose UIDVALIDITY changed onto the new UIDs they were matched to. The committed
    /// stale entries no source message matched any more are marked vanished under their old UIDVALIDITY, as messages
    /// that left the folder are: where they reappear (the folder was renamed and its old name made again, or they were
    /// filed elsewhere) their copies are moved, and the rest are deletions (kept on the target, or mirrored). Stale
    /// in-flight entries, which recovery has settled by now, are dropped.
    /// </summary>
    /// <returns>How many entries were marked vanished.</returns>
    public async Task<int> RekeyAsync(string sourceFolder, uint newUidValidity, IReadOnlyList<(uint OldValidity, uint OldUid, uint NewUid)> moves, CancellationToken cancellationToken)
    {
        var vanished = 0;
        await InTransactionAsync(async (connection, transaction) =>
        {
            await ExecuteEachAsync(connection, transaction,
                "UPDATE ledger_messages SET uidvalidity=@nv, uid=@nu WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@ov AND uid=@ou",
                [("f", sourceFolder), ("nv", (long)newUidValidity)],
                moves, m => [("nu", (long)m.NewUid), ("ov", (long)m.OldValidity), ("ou", (long)m.OldUid)], cancellationToken);

            await using var drop = Command(connection,
                "DELETE FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity<>@nv AND state=0",
                ("f", sourceFolder), ("nv", (long)newUidValidity));
            drop.Transaction = transaction;
            await drop.ExecuteNonQueryAsync(cancellationToken);

            await using var vanish = Command(connection,
                "UPDATE ledger_messages SET state=2 WHERE mailbox=@m AND source_folder=@f AND uidvalidity<>@nv AND state=1",
                ("f", sourceFolder), ("nv", (long)newUidValidity));
            vanish.Transaction = transaction;
            vanished = await vanish.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return vanished;
    }

    /// <summary>Records the flags and keywords now on the target for messages whose flags were re-synced.</summary>
    public Task UpdateFlagsAsync(string sourceFolder, uint uidValidity, IReadOnlyList<(uint Uid, MessageFlags Flags, string Keywords)> updates, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            "UPDATE ledger_messages SET flags=@g, keywords=@w WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid=@u",
            [("f", sourceFolder), ("v", (long)uidValidity)],
            updates, u => [("u", (long)u.Uid), ("g", (long)u.Flags), ("w", u.Keywords)], cancellationToken), cancellationToken);

    /// <summary>
    /// Replaces the folder's messages left out by rule (size, date) with those of this pass, so that a later pass
    /// that finds the folder unchanged still reports them.
    /// </summary>
    public Task ReplaceSkipsAsync(string sourceFolder, IReadOnlyList<SkippedItem> skips, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await using var clear = Command(connection, "DELETE FROM ledger_skips WHERE mailbox=@m AND source_folder=@f", ("f", sourceFolder));
            clear.Transaction = transaction;
            await clear.ExecuteNonQueryAsync(cancellationToken);

            await ExecuteEachAsync(connection, transaction,
                "INSERT INTO ledger_skips (mailbox, source_folder, uid, size, reason) VALUES (@m, @f, @u, @s, @r) ON CONFLICT (mailbox, source_folder, uid) DO UPDATE SET size=@s, reason=@r",
                [("f", sourceFolder)],
                skips, skip => [("u", (long)skip.Uid), ("s", skip.Size), ("r", skip.Reason)], cancellationToken);
        }, cancellationToken);

    /// <summary>The folder's messages left out by rule when it was last copied.</summary>
    public Task<List<SkippedItem>> LoadSkipsAsync(string sourceFolder, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                "SELECT uid, size, reason FROM ledger_skips WHERE mailbox=@m AND source_folder=@f ORDER BY uid", ("f", sourceFolder));
            var result = new List<SkippedItem>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(new SkippedItem(sourceFolder, (uint)reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            return result;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        _gate.Dispose();
        await _lease.DisposeAsync();
    }

    /// <summary>Runs a read on this pass's connection, waiting out an unreachable database.</summary>
    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await _outages.RunAsync(async () => await read(await ConnectionAsync(cancellationToken)), DropConnectionAsync, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs writes in one transaction on this pass's connection; after a failure that means the database was away, the whole transaction again.</summary>
    private async Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _outages.RunAsync(async () =>
            {
                var connection = await ConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }, DropConnectionAsync, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DbConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
            return _connection;
        await DropConnectionAsync();
        return _connection = await _database.ConnectAsync(cancellationToken);
    }

    private async ValueTask DropConnectionAsync()
    {
        var broken = _connection;
        _connection = null;
        if (broken is not null)
            await broken.DisposeAsync();
    }

    /// <summary>
    /// Runs one statement per item inside the transaction. Where the database takes batches (PostgreSQL) the items go
    /// in batches of statements, one round trip each; otherwise (SQLite, in process) one prepared command is re-bound.
    /// </summary>
    /// <param name="shared">Parameters every item's statement has, with the same values.</param>
    private async Task ExecuteEachAsync<T>(
        DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] shared, IEnumerable<T> items,
        Func<T, (string Name, object? Value)[]> values, CancellationToken cancellationToken)
    {
        if (_database.SendsBatches && connection.CanCreateBatch)
        {
            foreach (var chunk in items.Chunk(500))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var item in chunk)
                {
                    var statement = batch.CreateBatchCommand();
                    statement.CommandText = sql;
                    foreach (var (name, value) in values(item).Concat(shared).Append(("m", _mailbox)))
                    {
                        var parameter = statement.CreateParameter();
                        parameter.ParameterName = DbCommandParameters.Named(name);
                        parameter.Value = value ?? DBNull.Value;
                        statement.Parameters.Add(parameter);
                    }

                    batch.BatchCommands.Add(statement);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var command = Command(connection, sql, shared);
        command.Transaction = transaction;
        DbParameter[]? own = null;
        foreach (var item in items)
        {
            var bound = values(item);
            if (own is null)
            {
                own = new DbParameter[bound.Length];
                for (var i = 0; i < bound.Length; i++)
                {
                    own[i] = command.CreateParameter();
                    own[i].ParameterName = DbCommandParameters.Named(bound[i].Name);
                    command.Parameters.Add(own[i]);
                }
            }

            for (var i = 0; i < bound.Length; i++)
                own[i].Value = bound[i].Value ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.With("m", _mailbox);
        foreach (var (name, value) in parameters)
            command.With(name, value);
        return command;
    }

    private static async Task<Dictionary<uint, LedgerEntry>> ReadEntriesByUidAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<uint, LedgerEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = ReadEntry(reader, 0);
            entries[entry.Uid] = entry;
        }

        return entries;
    }

    private static async Task<List<(uint UidValidity, LedgerEntry Entry)>> ReadWithValidityAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<(uint, LedgerEntry)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(((uint)reader.GetInt64(0), ReadEntry(reader, 1)));
        return result;
    }

    private static LedgerEntry ReadEntry(DbDataReader reader, int o) => new(
        (uint)reader.GetInt64(o),
        (LedgerState)reader.GetInt32(o + 1),
        reader.GetString(o + 2),
        reader.GetInt64(o + 3),
        reader.GetString(o + 4),
        reader.IsDBNull(o + 5) ? null : (uint)reader.GetInt64(o + 5),
        (uint)reader.GetInt64(o + 6),
        (MessageFlags)reader.GetInt64(o + 7),
        reader.GetString(o + 8),
        reader.IsDBNull(o + 9) ? null : reader.GetString(o + 9),
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(o + 10)));
}
