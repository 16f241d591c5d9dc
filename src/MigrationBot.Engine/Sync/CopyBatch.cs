namespace MigrationBot.Engine.Sync;

/// <summary>Messages fetched from the source and waiting to be appended together.</summary>
internal sealed class CopyBatch(IReadOnlyList<MessageCandidate> candidates, IReadOnlyList<SourceMessage> messages, IDisposable memory) : IDisposable
{
    public IReadOnlyList<MessageCandidate> Candidates => candidates;

    public IReadOnlyList<SourceMessage> Messages => messages;

    /// <summary>Completes once the batch is committed (or failed), so the batcher can wait for a content key to clear.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        foreach (var message in messages)
            message.Dispose();
        memory.Dispose();
    }
}
