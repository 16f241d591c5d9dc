using MailKit;
using Microsoft.Data.Sqlite;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Ledger;

/// <summary>One mailbox's rows in the ledger. Not thread-safe: one pass of one mailbox uses it at a time.</summary>
public sealed partial class MailboxLedger : IAsyncDisposable
{
    private const string EntryColumns = "uid, state, content_key, size, target_folder, target_uid, target_marker, flags, keywords, keywords_not_stored, internal_date";
    private readonly string _mailbox;
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly MailboxLease _lease;

    internal MailboxLedger(string mailbox, SqliteConnection connection, MailboxLease lease)
    {
        _mailbox = mailbox;
        _connection = connection;
        _lease = lease;
    }

    /// <summary>Cancelled if this pass lost its hold on the mailbox to another pass; the pass must stop.</summary>
    public CancellationToken LeaseLost => _lease.Lost;

    public async Task<FolderState?> GetFolderStateAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT uidvalidity, uidnext, highest_modseq, message_count, options_key, target_folder, target_uidvalidity FROM ledger_folders WHERE mailbox=$m AND source_folder=$f",
            ("$f", sourceFolder));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new FolderState(sourceFolder, (uint)reader.GetInt64(0), (uint)reader.GetInt64(1), (ulong)reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5), (uint)reader.GetInt64(6));
    }

    public async Task SaveFolderStateAsync(FolderState state, CancellationToken cancellationToken)
    {
        await using var command = Command(
            """
            INSERT INTO ledger_folders (mailbox, source_folder, uidvalidity, uidnext, highest_modseq, message_count, options_key, target_folder, target_uidvalidity)
            VALUES ($m, $f, $v, $n, $s, $c, $o, $t, $tv)
            ON CONFLICT (mailbox, source_folder) DO UPDATE SET uidvalidity=$v, uidnext=$n, highest_modseq=$s, message_count=$c, options_key=$o, target_folder=$t, target_uidvalidity=$tv
            """,
            ("$f", state.SourceFolder), ("$v", (long)state.UidValidity), ("$n", (long)state.UidNext), ("$s", (long)state.HighestModSeq),
            ("$c", state.MessageCount), ("$o", state.OptionsKey), ("$t", state.TargetFolder), ("$tv", (long)state.TargetUidValidity));
        await ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Forgets the folder's clean-pass state, so the next pass looks at every message again.</summary>
    public async Task ClearFolderStateAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        await using var command = Command("DELETE FROM ledger_folders WHERE mailbox=$m AND source_folder=$f", ("$f", sourceFolder));
        await ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Forgets everything recorded of a source folder's messages and its clean-pass state (its skips stay).</summary>
    public Task ForgetFolderAsync(string sourceFolder, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            foreach (var table in new[] { "ledger_messages", "ledger_folders" })
            {
                await using var delete = Command($"DELETE FROM {table} WHERE mailbox=$m AND source_folder=$f", ("$f", sourceFolder));
                delete.Transaction = transaction;
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Every entry of the folder under one UIDVALIDITY, by source UID.</summary>
    public async Task<Dictionary<uint, LedgerEntry>> LoadEntriesAsync(string sourceFolder, uint uidValidity, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT {EntryColumns} FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v",
            ("$f", sourceFolder), ("$v", (long)uidValidity));
        var entries = new Dictionary<uint, LedgerEntry>();
        await foreach (var entry in ReadEntriesAsync(command, cancellationToken))
            entries[entry.Uid] = entry;
        return entries;
    }

    /// <summary>The entries of the folder under one UIDVALIDITY whose source UIDs lie in [<paramref name="lowest"/>, <paramref name="highest"/>].</summary>
    public async Task<Dictionary<uint, LedgerEntry>> LoadEntriesAsync(string sourceFolder, uint uidValidity, uint lowest, uint highest, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT {EntryColumns} FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid BETWEEN $lo AND $hi",
            ("$f", sourceFolder), ("$v", (long)uidValidity), ("$lo", (long)lowest), ("$hi", (long)highest));
        var entries = new Dictionary<uint, LedgerEntry>();
        await foreach (var entry in ReadEntriesAsync(command, cancellationToken))
            entries[entry.Uid] = entry;
        return entries;
    }

    /// <summary>Entries of the folder recorded under any UIDVALIDITY other than <paramref name="uidValidity"/>.</summary>
    public async Task<List<(uint UidValidity, LedgerEntry Entry)>> LoadStaleEntriesAsync(string sourceFolder, uint uidValidity, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT uidvalidity, {EntryColumns} FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity<>$v ORDER BY uidvalidity, uid",
            ("$f", sourceFolder), ("$v", (long)uidValidity));
        var result = new List<(uint, LedgerEntry)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(((uint)reader.GetInt64(0), ReadEntry(reader, 1)));
        return result;
    }

    /// <summary>How many messages of the folder under this UIDVALIDITY the target holds.</summary>
    public async Task<int> CountCommittedAsync(string sourceFolder, uint uidValidity, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT COUNT(*) FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND state=1",
            ("$f", sourceFolder), ("$v", (long)uidValidity));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Messages of the folder whose APPEND may or may not have reached the target.</summary>
    public async Task<List<(uint UidValidity, LedgerEntry Entry)>> LoadInFlightAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"SELECT uidvalidity, {EntryColumns} FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND state=0 ORDER BY uid",
            ("$f", sourceFolder));
        var result = new List<(uint, LedgerEntry)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(((uint)reader.GetInt64(0), ReadEntry(reader, 1)));
        return result;
    }

    /// <summary>
    /// The target UIDs of a target folder that some entry of this mailbox already owns: committed, or vanished from
    /// the source with its copy still on the target.
    /// </summary>
    public async Task<HashSet<uint>> LoadOwnedTargetUidsAsync(string targetFolder, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT target_uid FROM ledger_messages WHERE mailbox=$m AND target_folder=$t AND state IN (1, 2) AND target_uid IS NOT NULL",
            ("$t", targetFolder));
        var uids = new HashSet<uint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            uids.Add((uint)reader.GetInt64(0));
        return uids;
    }

    /// <summary>Records, in one transaction, that APPENDs of these messages are about to be sent.</summary>
    public Task MarkInFlightAsync(string sourceFolder, uint uidValidity, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                $"""
                INSERT INTO ledger_messages (mailbox, source_folder, uidvalidity, {EntryColumns})
                VALUES ($m, $f, $v, $u, 0, $k, $z, $t, NULL, $x, $g, $w, NULL, $d)
                ON CONFLICT (mailbox, source_folder, uidvalidity, uid) DO UPDATE SET state=0, content_key=$k, size=$z, target_folder=$t, target_uid=NULL, target_marker=$x, flags=$g, keywords=$w, internal_date=$d
                """,
                ("$f", sourceFolder), ("$v", (long)uidValidity), ("$u", 0L), ("$k", ""), ("$z", 0L), ("$t", ""), ("$x", 0L), ("$g", 0L), ("$w", ""), ("$d", 0L));
            await ExecuteEachAsync(command, transaction, entries, (p, entry) =>
            {
                p["$u"].Value = (long)entry.Uid;
                p["$k"].Value = entry.ContentKey;
                p["$z"].Value = entry.Size;
                p["$t"].Value = entry.TargetFolder;
                p["$x"].Value = (long)entry.TargetMarker;
                p["$g"].Value = (long)entry.Flags;
                p["$w"].Value = entry.Keywords;
                p["$d"].Value = entry.InternalDate.ToUnixTimeSeconds();
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>Records, in one transaction, that the target holds these messages at the given UIDs.</summary>
    public Task CommitAsync(string sourceFolder, uint uidValidity, IReadOnlyList<Commit> commits, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                "UPDATE ledger_messages SET state=1, target_uid=$t, keywords_not_stored=$n WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid=$u",
                ("$f", sourceFolder), ("$v", (long)uidValidity), ("$u", 0L), ("$t", 0L), ("$n", DBNull.Value));
            await ExecuteEachAsync(command, transaction, commits, (p, commit) =>
            {
                p["$u"].Value = (long)commit.SourceUid;
                p["$t"].Value = (long)commit.TargetUid;
                p["$n"].Value = (object?)commit.KeywordsNotStored ?? DBNull.Value;
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>Drops in-flight rows whose APPEND is known not to have happened, so they are copied again.</summary>
    public Task ForgetInFlightAsync(string sourceFolder, uint uidValidity, IEnumerable<uint> uids, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                "DELETE FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid=$u AND state=0",
                ("$f", sourceFolder), ("$v", (long)uidValidity), ("$u", 0L));
            await ExecuteEachAsync(command, transaction, uids, (p, uid) => p["$u"].Value = (long)uid, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Moves entries of a folder whose UIDVALIDITY changed onto the new UIDs they were matched to, and drops
    /// the stale entries no source message matched any more.
    /// </summary>
    public Task RekeyAsync(string sourceFolder, uint newUidValidity, IReadOnlyList<(uint OldValidity, uint OldUid, uint NewUid)> moves, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var move = Command(
                "UPDATE ledger_messages SET uidvalidity=$nv, uid=$nu WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$ov AND uid=$ou",
                ("$f", sourceFolder), ("$nv", (long)newUidValidity), ("$nu", 0L), ("$ov", 0L), ("$ou", 0L));
            await ExecuteEachAsync(move, transaction, moves, (p, m) =>
            {
                p["$nu"].Value = (long)m.NewUid;
                p["$ov"].Value = (long)m.OldValidity;
                p["$ou"].Value = (long)m.OldUid;
            }, cancellationToken);

            await using var drop = Command(
                "DELETE FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity<>$nv",
                ("$f", sourceFolder), ("$nv", (long)newUidValidity));
            drop.Transaction = transaction;
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Records the flags and keywords now on the target for messages whose flags were re-synced.</summary>
    public Task UpdateFlagsAsync(string sourceFolder, uint uidValidity, IReadOnlyList<(uint Uid, MessageFlags Flags, string Keywords)> updates, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                "UPDATE ledger_messages SET flags=$g, keywords=$w WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid=$u",
                ("$f", sourceFolder), ("$v", (long)uidValidity), ("$u", 0L), ("$g", 0L), ("$w", ""));
            await ExecuteEachAsync(command, transaction, updates, (p, u) =>
            {
                p["$u"].Value = (long)u.Uid;
                p["$g"].Value = (long)u.Flags;
                p["$w"].Value = u.Keywords;
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Replaces the folder's messages left out by rule (size, date) with those of this pass, so that a later pass
    /// that finds the folder unchanged still reports them.
    /// </summary>
    public Task ReplaceSkipsAsync(string sourceFolder, IReadOnlyList<SkippedItem> skips, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var clear = Command("DELETE FROM ledger_skips WHERE mailbox=$m AND source_folder=$f", ("$f", sourceFolder));
            clear.Transaction = transaction;
            await clear.ExecuteNonQueryAsync(cancellationToken);

            await using var insert = Command(
                "INSERT OR REPLACE INTO ledger_skips (mailbox, source_folder, uid, size, reason) VALUES ($m, $f, $u, $s, $r)",
                ("$f", sourceFolder), ("$u", 0L), ("$s", 0L), ("$r", ""));
            await ExecuteEachAsync(insert, transaction, skips, (p, skip) =>
            {
                p["$u"].Value = (long)skip.Uid;
                p["$s"].Value = skip.Size;
                p["$r"].Value = skip.Reason;
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>The folder's messages left out by rule when it was last copied.</summary>
    public async Task<List<SkippedItem>> LoadSkipsAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT uid, size, reason FROM ledger_skips WHERE mailbox=$m AND source_folder=$f ORDER BY uid", ("$f", sourceFolder));
        var result = new List<SkippedItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new SkippedItem(sourceFolder, (uint)reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
        await _lease.DisposeAsync();
    }

    private async Task InTransactionAsync(Func<SqliteTransaction, Task> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await work(transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one prepared statement per item inside the transaction, binding each item's values first.</summary>
    private static async Task ExecuteEachAsync<T>(
        SqliteCommand command, SqliteTransaction transaction, IEnumerable<T> items, Action<SqliteParameterCollection, T> bind, CancellationToken cancellationToken)
    {
        command.Transaction = transaction;
        foreach (var item in items)
        {
            bind(command.Parameters, item);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ExecuteAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$m", _mailbox);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static async IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(SqliteCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return ReadEntry(reader, 0);
    }

    private static LedgerEntry ReadEntry(SqliteDataReader reader, int o) => new(
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
