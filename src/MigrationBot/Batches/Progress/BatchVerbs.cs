namespace MigrationBot.Batches.Progress;

/// <summary>The Action.Execute verbs of the batch cards; each carries <see cref="BatchIdKey"/> in its data.</summary>
public static class BatchVerbs
{
    public const string BatchIdKey = "batchId";
    public const string PageKey = "page";

    public const string Refresh = "refreshBatch";
    public const string Pause = "pauseBatch";
    public const string Resume = "resumeBatch";
    public const string RetryFailed = "retryFailed";
    public const string Details = "batchDetails";
    public const string Approve = "approveCompletion";
    public const string ConfirmStop = "confirmStop";
    public const string ConfirmRemove = "confirmRemove";
    public const string Cancel = "cancelBatchAction";
    public const string AskCutover = "askCutover";
    public const string MoveCutover = "moveCutover";
    public const string RetryStalled = "retryStalled";
}
