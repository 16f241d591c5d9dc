using MailKit;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Engine.Preflight;

/// <summary>
/// Checks one mailbox before its first sync, copying nothing: both logins, the folder plan, and per migrated folder
/// the messages, their bytes and those over the size limit (one FETCH of sizes per folder). A failure is this
/// mailbox's answer, never an exception.
/// </summary>
public static class MailboxPreflight
{
    public static async Task<PreflightResult> RunAsync(MailboxJob job, MigrationOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var side = "source";
        try
        {
            using var source = await ImapSession.OpenAsync(job.Source, job.SourceLogin, cancellationToken);
            side = "target";
            using var target = await ImapSession.OpenAsync(job.Target, job.TargetLogin, cancellationToken);
            side = "plan";
            var plan = await MailboxMigrator.PlanAsync(source, target, job.UserRoot, options.Folders, cancellationToken);
            var folders = new List<PreflightFolder>();
            foreach (var mapping in plan.Folders)
            {
                if (!mapping.IsMigrated || !mapping.Source.CanHoldMessages)
                {
                    folders.Add(new PreflightFolder(mapping.Source.DisplayPath, mapping.TargetName, 0, 0, 0, mapping.SkipReason));
                    continue;
                }

                var folder = await source.GetFolderAsync(mapping.Source.FullName, cancellationToken);
                await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                long bytes = 0;
                var oversize = 0;
                if (folder.Count > 0)
                {
                    foreach (var summary in await folder.FetchAsync(0, -1, MessageSummaryItems.Size, cancellationToken))
                    {
                        var size = (long)(summary.Size ?? 0);
                        bytes += size;
                        if (size > options.MaxMessageSize)
                            oversize++;
                    }
                }

                folders.Add(new PreflightFolder(mapping.Source.DisplayPath, mapping.TargetName, folder.Count, bytes, oversize, null));
                await folder.CloseAsync(false, cancellationToken);
            }

            await source.DisconnectAsync(true, cancellationToken);
            await target.DisconnectAsync(true, cancellationToken);
            return new PreflightResult(job.EmailAddress, null, folders);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ImapFailureClassifier.IsUnexpected(ex))
                Log.UnexpectedError(logger, job.EmailAddress, ex);
            var failure = ImapFailureClassifier.Classify(ex, side);
            return new PreflightResult(job.EmailAddress, ex is ImapFailure ? $"{side}: {failure.Message}" : failure.Message, []);
        }
    }
}

/// <summary>One mailbox's preflight: an error (login, plan) or its folders.</summary>
public sealed record PreflightResult(string EmailAddress, string? Error, IReadOnlyList<PreflightFolder> Folders)
{
    public bool Passed => Error is null;
    public int Messages => Folders.Sum(f => f.Messages);
    public long Bytes => Folders.Sum(f => f.Bytes);
    public int Oversize => Folders.Sum(f => f.Oversize);
}

/// <summary>A source folder, where it goes (null and a reason when it is not migrated) and what it holds.</summary>
public sealed record PreflightFolder(string Source, string? Target, int Messages, long Bytes, int Oversize, string? SkipReason);
