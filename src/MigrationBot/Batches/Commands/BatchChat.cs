using MigrationBot.Batches.Access;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Batches.Commands;

/// <summary>What batch commands and buttons share: finding a batch by name or id, and checking (and auditing) who asks.</summary>
public sealed class BatchChat(IBatchStore store, BatchAccess access, TimeProvider time)
{
    public IBatchStore Store => store;

    /// <summary>The live batch, or the sentence that says it does not exist and which do.</summary>
    public async Task<(Batch? Batch, string? Problem)> FindAsync(string name, CancellationToken cancellationToken)
    {
        var batch = await store.FindLiveAsync(name, cancellationToken);
        if (batch is not null)
            return (batch, null);
        var live = await store.ListLiveAsync(cancellationToken);
        return (null, live.Count == 0
            ? $"There is no batch named {name}; there are no batches yet. Type `start batch {name}` to create it."
            : $"There is no batch named {name}. Batches: {string.Join(", ", live.Select(b => b.Name))}.");
    }

    public async Task<(Batch? Batch, string? Problem)> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(id, cancellationToken);
        return batch is null || !Lifecycle.BatchLifecycle.IsLive(batch.State) ? (null, "This batch no longer exists (it was removed).") : (batch, null);
    }

    /// <summary>Checks the person and records the attempt, allowed or refused, in the audit trail.</summary>
    public async Task<AccessDecision> AuthorizeAsync(BatchPermission permission, InboundActivity activity, string action, Batch? batch, string? batchName, CancellationToken cancellationToken)
    {
        var decision = access.Check(permission, activity, batch);
        if (permission != BatchPermission.Read)
            await store.AuditAsync(new AuditEntry(time.GetUtcNow(), decision.Actor, action, batch?.Name ?? batchName, decision.Allowed, decision.Refusal), cancellationToken);
        return decision;
    }

    public AccessDecision Peek(BatchPermission permission, InboundActivity activity, Batch? batch = null) => access.Check(permission, activity, batch);
}
