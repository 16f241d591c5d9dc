using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>The Quartz keys of a batch's jobs: one group per batch, so pause, resume and remove act on all of them.</summary>
public static class BatchJobKeys
{
    public const string BatchIdKey = "batchId";
    public const string EmailAddressKey = "emailAddress";

    public static string Group(Guid batchId) => $"batch-{batchId:D}";

    public static JobKey Start(Guid batchId) => new("start", Group(batchId));

    public static JobKey Mailbox(Guid batchId, string emailAddress) => new($"mailbox-{emailAddress.ToLowerInvariant()}", Group(batchId));

    /// <summary>Whether the job is a mailbox's sync (not the batch's start, watch or report).</summary>
    public static bool IsMailbox(JobKey key) => key.Name.StartsWith("mailbox-", StringComparison.Ordinal);

    /// <summary>
    /// A one-off run of a mailbox's job later (its hold by another pass ends then, or a cluster-wide slot may be free):
    /// a key of its own each time, since the run that schedules it may itself have been fired by such a trigger, which
    /// Quartz deletes once that run ends.
    /// </summary>
    public static TriggerKey RetryLater(Guid batchId, string emailAddress) => new($"later-{emailAddress.ToLowerInvariant()}-{Guid.NewGuid():N}", Group(batchId));

    public static TriggerKey Repeat(Guid batchId, string emailAddress) => new($"repeat-{emailAddress.ToLowerInvariant()}", Group(batchId));

    /// <summary>Whether the trigger is a mailbox's repeating sync (not the batch's watch or report).</summary>
    public static bool IsRepeat(TriggerKey key) => key.Name.StartsWith("repeat-", StringComparison.Ordinal);

    public static Guid BatchId(IJobExecutionContext context) => Guid.Parse(context.MergedJobDataMap.GetString(BatchIdKey)!);
}
