using System.Data.Common;
using System.Globalization;

namespace MigrationBot.Engine.Ledger;

/// <summary>What a live mailbox does between passes: messages vanish from folders, reappear in others, folders are renamed.</summary>
public sealed partial class MailboxLedger
{
    private const string LocatedColumns = "source_folder, uidvalidity, " + EntryColumns;

    /// <summary>Marks committed messages of the folder that are no longer on the source as vanished.</summary>
    public Task MarkVanishedAsync(string sourceFolder, uint uidValidity, IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            "UPDATE ledger_messages SET state=2 WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid=@u AND state=1",
            [("f", sourceFolder), ("v", (long)uidValidity)],
            uids, uid => [("u", (long)uid)], cancellationToken), cancellationToken);

    /// <summary>Marks every committed message recorded for a source folder as vanished (the folder is gone from the source).</summary>
    public async Task<int> MarkFolderVanishedAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        var changed = 0;
        await InTransactionAsync(async (connection, transaction) =>
        {
            await using var vanish = Command(connection, "UPDATE ledger_messages SET state=2 WHERE mailbox=@m AND source_folder=@f AND state=1", ("f", sourceFolder));
            vanish.Transaction = transaction;
            changed = await vanish.ExecuteNonQueryAsync(cancellationToken);
            await using var state = Command(connection, "DELETE FROM ledger_folders WHERE mailbox=@m AND source_folder=@f", ("f", sourceFolder));
            state.Transaction = transaction;
            await state.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return changed;
    }

    /// <summary>Committed and vanished entries of this mailbox whose content key is one of <paramref name="keys"/>.</summary>
    public Task<List<LocatedEntry>> FindByContentKeysAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var result = new List<LocatedEntry>();
            // SQLite allows 32,766 parameters and PostgreSQL 65,535; a few hundred keys per query keeps each statement small.
            foreach (var chunk in keys.Chunk(500))
            {
                var names = chunk.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"k{i}")).ToArray();
                await using var command = Command(connection,
                    $"SELECT {LocatedColumns} FROM ledger_messages WHERE mailbox=@m AND state IN (1, 2) AND content_key IN ({string.Join(',', names.Select(n => "@" + n))})",
                    chunk.Select((key, i) => (names[i], (object?)key)).ToArray());
                result.AddRange(await ReadLocatedAsync(command, cancellationToken));
            }

            return result;
        }, cancellationToken);

    /// <summary>Every vanished entry of the mailbox (their copies are still on the target).</summary>
    public Task<List<LocatedEntry>> LoadVanishedAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, $"SELECT {LocatedColumns} FROM ledger_messages WHERE mailbox=@m AND state=2 ORDER BY source_folder, uid");
            return await ReadLocatedAsync(command, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Records, in one transaction, that messages found again in <paramref name="sourceFolder"/> (under
    /// <paramref name="uidValidity"/>) are the ones of their earlier entries, their copies now in
    /// <paramref name="targetFolder"/>: each entry moves, so no message is ever counted (or copied) twice.
    /// </summary>
    public Task MoveEntriesAsync(
        string sourceFolder, uint uidValidity, string targetFolder, IReadOnlyList<(LocatedEntry From, uint Uid, uint TargetUid)> moves, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            """
            UPDATE ledger_messages SET source_folder=@nf, uidvalidity=@nv, uid=@nu, state=1, target_folder=@tf, target_uid=@tu
            WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid=@u
            """,
            [("nf", sourceFolder), ("nv", (long)uidValidity), ("tf", targetFolder)],
            moves, move =>
            [
                ("f", move.From.SourceFolder), ("v", (long)move.From.UidValidity), ("u", (long)move.From.Entry.Uid),
                ("nu", (long)move.Uid), ("tu", (long)move.TargetUid),
            ], cancellationToken), cancellationToken);

    /// <summary>Drops entries (in any state): their target copies were expunged, or are gone.</summary>
    public Task ForgetEntriesAsync(IReadOnlyList<LocatedEntry> entries, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            "DELETE FROM ledger_messages WHERE mailbox=@m AND source_folder=@f AND uidvalidity=@v AND uid=@u",
            [],
            entries, e => [("f", e.SourceFolder), ("v", (long)e.UidValidity), ("u", (long)e.Entry.Uid)], cancellationToken), cancellationToken);

    /// <summary>Records messages that were on the target already (put there by another tool or ledger) as committed.</summary>
    public Task AdoptAsync(string sourceFolder, uint uidValidity, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction) => ExecuteEachAsync(connection, transaction,
            $"""
            INSERT INTO ledger_messages (mailbox, source_folder, uidvalidity, {EntryColumns})
            VALUES (@m, @f, @v, @u, 1, @k, @z, @t, @tu, 0, @g, @w, NULL, @d)
            ON CONFLICT (mailbox, source_folder, uidvalidity, uid) DO UPDATE SET state=1, content_key=@k, size=@z, target_folder=@t, target_uid=@tu, flags=@g, keywords=@w, internal_date=@d
            """,
            [("f", sourceFolder), ("v", (long)uidValidity)],
            entries, entry =>
            [
                ("u", (long)entry.Uid), ("k", entry.ContentKey), ("z", entry.Size), ("t", entry.TargetFolder), ("tu", (long)(entry.TargetUid ?? 0)),
                ("g", (long)entry.Flags), ("w", entry.Keywords), ("d", entry.InternalDate.ToUnixTimeSeconds()),
            ], cancellationToken), cancellationToken);

    /// <summary>Whether the ledger records anything of this source folder (entries in any state, or a clean-pass state).</summary>
    public Task<bool> KnowsFolderAsync(string sourceFolder, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                """
                SELECT CASE WHEN EXISTS (SELECT 1 FROM ledger_messages WHERE mailbox=@m AND source_folder=@f)
                              OR EXISTS (SELECT 1 FROM ledger_folders WHERE mailbox=@m AND source_folder=@f) THEN 1 ELSE 0 END
                """,
                ("f", sourceFolder));
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0;
        }, cancellationToken);

    /// <summary>The clean-pass state of every folder of the mailbox the ledger knows.</summary>
    public Task<List<FolderState>> LoadFolderStatesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection,
                "SELECT source_folder, uidvalidity, uidnext, highest_modseq, message_count, options_key, target_folder, target_uidvalidity FROM ledger_folders WHERE mailbox=@m");
            var result = new List<FolderState>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(new FolderState(reader.GetString(0), (uint)reader.GetInt64(1), (uint)reader.GetInt64(2), (ulong)reader.GetInt64(3), reader.GetInt32(4),
                    reader.GetString(5), reader.GetString(6), (uint)reader.GetInt64(7)));
            return result;
        }, cancellationToken);

    /// <summary>Source folders with entries in the ledger (in any state).</summary>
    public Task<List<string>> LoadRecordedFoldersAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, "SELECT DISTINCT source_folder FROM ledger_messages WHERE mailbox=@m AND state IN (0, 1)");
            var result = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(reader.GetString(0));
            return result;
        }, cancellationToken);

    /// <summary>A source folder was renamed (and its target folder with it): every row follows it.</summary>
    public Task RenameFolderAsync(string oldSourceFolder, string newSourceFolder, string oldTargetFolder, string newTargetFolder, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var table in new[] { "ledger_messages", "ledger_folders" })
            {
                await using var rename = Command(connection,
                    $"UPDATE {table} SET source_folder=@n, target_folder=CASE WHEN target_folder=@ot THEN @nt ELSE target_folder END WHERE mailbox=@m AND source_folder=@o",
                    ("o", oldSourceFolder), ("n", newSourceFolder), ("ot", oldTargetFolder), ("nt", newTargetFolder));
                rename.Transaction = transaction;
                await rename.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var skips = Command(connection, "UPDATE ledger_skips SET source_folder=@n WHERE mailbox=@m AND source_folder=@o", ("o", oldSourceFolder), ("n", newSourceFolder));
            skips.Transaction = transaction;
            await skips.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private static async Task<List<LocatedEntry>> ReadLocatedAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<LocatedEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new LocatedEntry(reader.GetString(0), (uint)reader.GetInt64(1), ReadEntry(reader, 2)));
        return result;
    }
}
