using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Tests.Batches;

/// <summary>
/// A host's own batch store with a hook around every call, named as <see cref="CallName"/> gives it ("MoveAsync
/// Validating→Syncing", "UsersAsync", …): before the call, where throwing stands for a database that refuses it, and
/// after it was written, where throwing stands for a connection lost before the answer came back (and where stopping the
/// database makes the caller's next call find it gone).
/// </summary>
public sealed class InterceptedBatchStore(IBatchStore inner) : IBatchStore
{
    public delegate Task CallHook(string call, bool written);

    /// <summary>The store it passes the calls on to.</summary>
    public IBatchStore Inner => inner;

    /// <summary>Runs around every call; none by default.</summary>
    public CallHook Hook { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Registers the host's store, whatever its provider, wrapped in an <see cref="InterceptedBatchStore"/>.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IBatchStore));
        services.AddSingleton<IBatchStore>(sp => new InterceptedBatchStore((IBatchStore)original.ImplementationFactory!(sp)));
    }

    public static string CallName(string method, Enum? from = null, Enum? to = null) => from is null ? method : $"{method} {from}→{to}";

    public Task<Batch> CreateAsync(BatchDraft draft, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(CreateAsync)), () => inner.CreateAsync(draft, cancellationToken));

    public Task<Batch?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(GetAsync)), () => inner.GetAsync(id, cancellationToken));

    public Task<Batch?> FindLiveAsync(string name, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(FindLiveAsync)), () => inner.FindLiveAsync(name, cancellationToken));

    public Task<IReadOnlyList<Batch>> ListLiveAsync(CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(ListLiveAsync)), () => inner.ListLiveAsync(cancellationToken));

    public Task<bool> MoveAsync(Guid id, BatchState from, BatchState to, string cause, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(MoveAsync), from, to), () => inner.MoveAsync(id, from, to, cause, cancellationToken));

    public Task<bool> MoveUserAsync(Guid id, string emailAddress, UserState from, UserState to, string cause, string? reason, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(MoveUserAsync), from, to), () => inner.MoveUserAsync(id, emailAddress, from, to, cause, reason, cancellationToken));

    public Task<IReadOnlyList<BatchUser>> UsersAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(UsersAsync)), () => inner.UsersAsync(id, cancellationToken));

    public Task RecordPassAsync(Guid id, string emailAddress, PassTotals pass, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(RecordPassAsync)), () => inner.RecordPassAsync(id, emailAddress, pass, cancellationToken));

    public Task UpdateSettingsAsync(Guid id, BatchSettings settings, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(UpdateSettingsAsync)), () => inner.UpdateSettingsAsync(id, settings, cancellationToken));

    public Task SetProgressAsync(Guid id, string emailAddress, DateTimeOffset? at, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(SetProgressAsync)), () => inner.SetProgressAsync(id, emailAddress, at, cancellationToken));

    public Task AdvanceProgressAsync(Guid id, string emailAddress, DateTimeOffset at, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(AdvanceProgressAsync)), () => inner.AdvanceProgressAsync(id, emailAddress, at, cancellationToken));

    public Task PublishLiveAsync(Guid id, string emailAddress, PublishedPass live, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(PublishLiveAsync)), () => inner.PublishLiveAsync(id, emailAddress, live, cancellationToken));

    public Task<bool> MarkStallAlertedAsync(Guid id, string emailAddress, DateTimeOffset progressAt, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(MarkStallAlertedAsync)), () => inner.MarkStallAlertedAsync(id, emailAddress, progressAt, cancellationToken));

    public Task SetProfileAsync(Guid id, string emailAddress, UserProfile profile, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(SetProfileAsync)), () => inner.SetProfileAsync(id, emailAddress, profile, cancellationToken));

    public Task SetProgressActivityAsync(Guid id, string activityId, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(SetProgressActivityAsync)), () => inner.SetProgressActivityAsync(id, activityId, cancellationToken));

    public Task<StoredSecrets> SecretsAsync(Guid id, string emailAddress, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(SecretsAsync)), () => inner.SecretsAsync(id, emailAddress, cancellationToken));

    public Task PurgeSecretsAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(PurgeSecretsAsync)), () => inner.PurgeSecretsAsync(id, cancellationToken));

    public Task<IReadOnlyList<StateChange>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(HistoryAsync)), () => inner.HistoryAsync(id, cancellationToken));

    public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(AuditAsync)), () => inner.AuditAsync(entry, cancellationToken));

    public Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(int limit, CancellationToken cancellationToken) =>
        CallAsync(CallName(nameof(AuditTrailAsync)), () => inner.AuditTrailAsync(limit, cancellationToken));

    private async Task<T> CallAsync<T>(string name, Func<Task<T>> call)
    {
        await Hook(name, written: false);
        var result = await call();
        await Hook(name, written: true);
        return result;
    }

    private async Task CallAsync(string name, Func<Task> call)
    {
        await Hook(name, written: false);
        await call();
        await Hook(name, written: true);
    }
}
