namespace MigrationBot.Engine.Ledger;

/// <summary>What a live mailbox does between passes: messages vanish from folders, reappear in others, folders are renamed.</summary>
public sealed partial class MailboxLedger
{
    private const string LocatedColumns = "source_folder, uidvalidity, " + EntryColumns;

    /// <summary>Marks committed messages of the folder that are no longer on the source as vanished.</summary>
    public Task MarkVanishedAsync(string sourceFolder, uint uidValidity, IReadOnlyList<uint> uids, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                "UPDATE ledger_messages SET state=2 WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid=$u AND state=1",
                ("$f", sourceFolder), ("$v", (long)uidValidity), ("$u", 0L));
            await ExecuteEachAsync(command, transaction, uids, (p, uid) => p["$u"].Value = (long)uid, cancellationToken);
        }, cancellationToken);

    /// <summary>Marks every committed message recorded for a source folder as vanished (the folder is gone from the source).</summary>
    public async Task<int> MarkFolderVanishedAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        var changed = 0;
        await InTransactionAsync(async transaction =>
        {
            await using var vanish = Command("UPDATE ledger_messages SET state=2 WHERE mailbox=$m AND source_folder=$f AND state=1", ("$f", sourceFolder));
            vanish.Transaction = transaction;
            changed = await vanish.ExecuteNonQueryAsync(cancellationToken);
            await using var state = Command("DELETE FROM ledger_folders WHERE mailbox=$m AND source_folder=$f", ("$f", sourceFolder));
            state.Transaction = transaction;
            await state.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return changed;
    }

    /// <summary>Committed and vanished entries of this mailbox whose content key is one of <paramref name="keys"/>.</summary>
    public async Task<List<LocatedEntry>> FindByContentKeysAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var result = new List<LocatedEntry>();
        // SQLite allows 32,766 parameters; a few hundred keys per query keeps each statement small.
        foreach (var chunk in keys.Chunk(500))
        {
            var names = chunk.Select((_, i) => $"$k{i}").ToArray();
            await using var command = Command(
                $"SELECT {LocatedColumns} FROM ledger_messages WHERE mailbox=$m AND state IN (1, 2) AND content_key IN ({string.Join(',', names)})",
                chunk.Select((key, i) => (names[i], (object)key)).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result.Add(new LocatedEntry(reader.GetString(0), (uint)reader.GetInt64(1), ReadEntry(reader, 2)));
        }

        return result;
    }

    /// <summary>Every vanished entry of the mailbox (their copies are still on the target).</summary>
    public async Task<List<LocatedEntry>> LoadVanishedAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT {LocatedColumns} FROM ledger_messages WHERE mailbox=$m AND state=2 ORDER BY source_folder, uid");
        var result = new List<LocatedEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new LocatedEntry(reader.GetString(0), (uint)reader.GetInt64(1), ReadEntry(reader, 2)));
        return result;
    }

    /// <summary>
    /// Records, in one transaction, that messages found again in <paramref name="sourceFolder"/> (under
    /// <paramref name="uidValidity"/>) are the ones of their earlier entries, their copies now in
    /// <paramref name="targetFolder"/>: each entry moves, so no message is ever counted (or copied) twice.
    /// </summary>
    public Task MoveEntriesAsync(
        string sourceFolder, uint uidValidity, string targetFolder, IReadOnlyList<(LocatedEntry From, uint Uid, uint TargetUid)> moves, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                """
                UPDATE ledger_messages SET source_folder=$nf, uidvalidity=$nv, uid=$nu, state=1, target_folder=$tf, target_uid=$tu
                WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid=$u
                """,
                ("$f", ""), ("$v", 0L), ("$u", 0L), ("$nf", sourceFolder), ("$nv", (long)uidValidity), ("$nu", 0L), ("$tf", targetFolder), ("$tu", 0L));
            await ExecuteEachAsync(command, transaction, moves, (p, move) =>
            {
                p["$f"].Value = move.From.SourceFolder;
                p["$v"].Value = (long)move.From.UidValidity;
                p["$u"].Value = (long)move.From.Entry.Uid;
                p["$nu"].Value = (long)move.Uid;
                p["$tu"].Value = (long)move.TargetUid;
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>Drops entries (in any state): their target copies were expunged, or are gone.</summary>
    public Task ForgetEntriesAsync(IReadOnlyList<LocatedEntry> entries, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                "DELETE FROM ledger_messages WHERE mailbox=$m AND source_folder=$f AND uidvalidity=$v AND uid=$u",
                ("$f", ""), ("$v", 0L), ("$u", 0L));
            await ExecuteEachAsync(command, transaction, entries, (p, e) =>
            {
                p["$f"].Value = e.SourceFolder;
                p["$v"].Value = (long)e.UidValidity;
                p["$u"].Value = (long)e.Entry.Uid;
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>Records messages that were on the target already (put there by another tool or ledger) as committed.</summary>
    public Task AdoptAsync(string sourceFolder, uint uidValidity, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            await using var command = Command(
                $"""
                INSERT INTO ledger_messages (mailbox, source_folder, uidvalidity, {EntryColumns})
                VALUES ($m, $f, $v, $u, 1, $k, $z, $t, $tu, 0, $g, $w, NULL, $d)
                ON CONFLICT (mailbox, source_folder, uidvalidity, uid) DO UPDATE SET state=1, content_key=$k, size=$z, target_folder=$t, target_uid=$tu, flags=$g, keywords=$w, internal_date=$d
                """,
                ("$f", sourceFolder), ("$v", (long)uidValidity), ("$u", 0L), ("$k", ""), ("$z", 0L), ("$t", ""), ("$tu", 0L), ("$g", 0L), ("$w", ""), ("$d", 0L));
            await ExecuteEachAsync(command, transaction, entries, (p, entry) =>
            {
                p["$u"].Value = (long)entry.Uid;
                p["$k"].Value = entry.ContentKey;
                p["$z"].Value = entry.Size;
                p["$t"].Value = entry.TargetFolder;
                p["$tu"].Value = (long)(entry.TargetUid ?? 0);
                p["$g"].Value = (long)entry.Flags;
                p["$w"].Value = entry.Keywords;
                p["$d"].Value = entry.InternalDate.ToUnixTimeSeconds();
            }, cancellationToken);
        }, cancellationToken);

    /// <summary>Whether the ledger records anything of this source folder (entries in any state, or a clean-pass state).</summary>
    public async Task<bool> KnowsFolderAsync(string sourceFolder, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT EXISTS (SELECT 1 FROM ledger_messages WHERE mailbox=$m AND source_folder=$f) OR EXISTS (SELECT 1 FROM ledger_folders WHERE mailbox=$m AND source_folder=$f)",
            ("$f", sourceFolder));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>The clean-pass state of every folder of the mailbox the ledger knows.</summary>
    public async Task<List<FolderState>> LoadFolderStatesAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT source_folder, uidvalidity, uidnext, highest_modseq, message_count, options_key, target_folder, target_uidvalidity FROM ledger_folders WHERE mailbox=$m");
        var result = new List<FolderState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new FolderState(reader.GetString(0), (uint)reader.GetInt64(1), (uint)reader.GetInt64(2), (ulong)reader.GetInt64(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), (uint)reader.GetInt64(7)));
        return result;
    }

    /// <summary>Source folders with entries in the ledger (in any state).</summary>
    public async Task<List<string>> LoadRecordedFoldersAsync(CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT DISTINCT source_folder FROM ledger_messages WHERE mailbox=$m AND state IN (0, 1)");
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(reader.GetString(0));
        return result;
    }

    /// <summary>A source folder was renamed (and its target folder with it): every row follows it.</summary>
    public Task RenameFolderAsync(string oldSourceFolder, string newSourceFolder, string oldTargetFolder, string newTargetFolder, CancellationToken cancellationToken) =>
        InTransactionAsync(async transaction =>
        {
            foreach (var table in new[] { "ledger_messages", "ledger_folders" })
            {
                await using var rename = Command(
                    $"UPDATE {table} SET source_folder=$n, target_folder=CASE WHEN target_folder=$ot THEN $nt ELSE target_folder END WHERE mailbox=$m AND source_folder=$o",
                    ("$o", oldSourceFolder), ("$n", newSourceFolder), ("$ot", oldTargetFolder), ("$nt", newTargetFolder));
                rename.Transaction = transaction;
                await rename.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var skips = Command("UPDATE ledger_skips SET source_folder=$n WHERE mailbox=$m AND source_folder=$o", ("$o", oldSourceFolder), ("$n", newSourceFolder));
            skips.Transaction = transaction;
            await skips.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
