using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace MigrationBot.Engine.Verify;

/// <summary>
/// Compares a mailbox's source and target folder by folder, independently of the ledger: every message is
/// downloaded from both sides and matched by the SHA-256 of its bytes; then flags, keywords (those the target
/// can store) and internal dates are compared. Messages the options exclude (size, date filter) are left out.
/// </summary>
public static class Verifier
{
    /// <summary>Verifies one mailbox, logging nothing.</summary>
    public static Task<MailboxVerification> VerifyAsync(MailboxJob job, MigrationOptions options, CancellationToken cancellationToken) =>
        VerifyAsync(job, options, NullLogger.Instance, cancellationToken);

    /// <summary>
    /// Verifies one mailbox. A failure to reach or log in to either side, or any other failure, ends that mailbox's
    /// verification with <see cref="MailboxVerification.Error"/> and its <see cref="MailboxVerification.FailureKind"/>;
    /// an unexpected one is logged with its stack trace.
    /// </summary>
    public static async Task<MailboxVerification> VerifyAsync(MailboxJob job, MigrationOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        string? side = "source";
        try
        {
            using var source = await ImapSession.OpenAsync(job.Source, job.SourceLogin, cancellationToken);
            side = "target";
            using var target = await ImapSession.OpenAsync(job.Target, job.TargetLogin, cancellationToken);
            side = null;
            var plan = await MailboxMigrator.PlanAsync(source, target, job.UserRoot, options.Folders, cancellationToken);
            var results = new List<FolderVerification>();
            foreach (var mapping in plan.Migrated.Where(m => m.Source.CanHoldMessages))
                results.Add(await VerifyFolderAsync(source, target, mapping, options, cancellationToken));
            await source.DisconnectAsync(true, cancellationToken);
            await target.DisconnectAsync(true, cancellationToken);
            return new MailboxVerification(job.EmailAddress, results);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ImapFailureClassifier.IsUnexpected(ex))
                Log.UnexpectedError(logger, job.EmailAddress, ex);
            var failure = ImapFailureClassifier.Classify(ex, side ?? "verify");
            var message = ex is ImapFailure && side is not null ? $"{side}: {failure.Message}" : failure.Message;
            return new MailboxVerification(job.EmailAddress, [], message, failure.Kind);
        }
    }

    private static async Task<FolderVerification> VerifyFolderAsync(ImapClient source, ImapClient target, FolderMapping mapping, MigrationOptions options, CancellationToken cancellationToken)
    {
        var sourceFolder = await source.GetFolderAsync(mapping.Source.FullName, cancellationToken);
        await sourceFolder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        // The folder that holds the mail: the plan's name, or the name it fell back to when the target refused it at CREATE.
        var targetFolder = await FolderDiscovery.FindTargetFolderAsync(target, mapping.TargetName!, cancellationToken);
        if (targetFolder is not null)
            await targetFolder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);

        var keywords = targetFolder is null ? null : new TargetKeywords(targetFolder);
        var expected = (await FingerprintsAsync(sourceFolder, options, cancellationToken))
            .Select(f => keywords is null ? f : f with { Keywords = string.Join(' ', keywords.Split(f.Keywords).Stored) })
            .ToList();
        var actual = targetFolder is null ? [] : await FingerprintsAsync(targetFolder, null, cancellationToken);

        var remaining = actual.GroupBy(f => f.Hash).ToDictionary(g => g.Key, g => g.ToList());
        int missing = 0, flags = 0, words = 0, dates = 0;
        foreach (var message in expected)
        {
            if (!remaining.TryGetValue(message.Hash, out var copies) || copies.Count == 0)
            {
                missing++;
                continue;
            }

            var best = copies.FindIndex(c => c == message);
            var copy = copies[best < 0 ? 0 : best];
            copies.Remove(copy);
            if (copy.Flags != message.Flags) flags++;
            if (!string.Equals(copy.Keywords, message.Keywords, StringComparison.Ordinal)) words++;
            // A source message with no date known (ReceivedDate) has none to compare: the target keeps what it was given or its own.
            if (ReceivedDate.IsKnown(message.InternalDate) && copy.InternalDate.UtcDateTime != message.InternalDate.UtcDateTime) dates++;
        }

        var duplicated = remaining.Values.Sum(r => r.Count);
        return new FolderVerification(mapping.Source.DisplayPath, targetFolder?.FullName ?? mapping.TargetName!, expected.Count, actual.Count, missing, duplicated, flags, words, dates);
    }

    private static async Task<List<MessageFingerprint>> FingerprintsAsync(IMailFolder folder, MigrationOptions? filter, CancellationToken cancellationToken)
    {
        if (folder.Count == 0)
            return [];
        // The Date header too: a received date MailKit cannot read is compared as the engine copied it (ReceivedDate).
        var summaries = await folder.FetchAsync(0, -1, new FetchRequest(
            MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size, [HeaderId.Date]), cancellationToken);
        var selected = summaries.Where(s => filter is null || Included(s, filter)).ToList();
        var hashes = new Dictionary<uint, string>();
        foreach (var chunk in selected.Chunk(200))
        {
            await ((ImapFolder)folder).GetStreamsAsync(chunk.Select(s => s.UniqueId).ToList(), async (_, _, uid, stream, ct) =>
            {
                hashes[uid.Id] = Convert.ToHexString(await SHA256.HashDataAsync(stream, ct));
            }, cancellationToken);
        }

        return selected
            .Where(s => hashes.ContainsKey(s.UniqueId.Id))
            .Select(s => new MessageFingerprint(
                hashes[s.UniqueId.Id],
                (s.Flags ?? MessageFlags.None) & SyncedFlags.Mask,
                SyncedFlags.Keywords(s.Keywords),
                ReceivedDate.Of(s)))
            .ToList();
    }

    /// <summary>The selection the engine makes (<see cref="SelectionRules"/>), on the received date as it copies it.</summary>
    private static bool Included(IMessageSummary summary, MigrationOptions options) =>
        (long)(summary.Size ?? 0) <= options.MaxMessageSize &&
        (options.ReceivedAfter is not { } after || ReceivedDate.Of(summary) >= after) &&
        (options.ReceivedBefore is not { } before || ReceivedDate.Of(summary) < before);
}
