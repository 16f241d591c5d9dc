using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;
using MigrationBot.Conversations;

namespace MigrationBot.Batches.Progress;

/// <summary>Reads a batch's progress now (store, live passes, throttling) and draws its card for one viewer.</summary>
public sealed class ProgressCardFactory(
    IBatchStore store, ProgressBoard board, EngineServices engine, TargetLogins target, IOptionsMonitor<AuthorizationOptions> authorization, PeopleDirectory people,
    TimeProvider time)
{
    /// <summary>Universal Actions' refresh takes at most 60 user ids.</summary>
    private const int MaxRefreshUsers = 60;

    public async Task<AdaptiveCard?> BuildAsync(Guid batchId, Viewer viewer, CancellationToken cancellationToken, string? note = null)
    {
        var batch = await store.GetAsync(batchId, cancellationToken);
        return batch is null ? null : await BuildAsync(batch, viewer, cancellationToken, note);
    }

    public async Task<AdaptiveCard> BuildAsync(Batch batch, Viewer viewer, CancellationToken cancellationToken, string? note = null)
    {
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var options = authorization.CurrentValue;
        // refresh.userIds takes Teams user ids (MRIs); configuration names Entra object ids, mapped through the people the
        // bot has seen. Someone it has not seen yet gets Teams' manual "Refresh card" until they speak to the bot.
        var refresh = (await people.TeamsIdsAsync(options.Admins.Concat(options.Approvers).Concat(batch.Settings.Approvers), cancellationToken))
            .Take(MaxRefreshUsers).ToList();
        var (passes, rate) = RunningPasses.Merge(board.Live(batch.Id), users, ReplicaName.Current, time.GetUtcNow());
        var view = new ProgressView(batch, users, passes, rate, engine.Hosts.ThrottledUntil(target.Endpoint.Host), refresh);
        return ProgressCard.Build(view, viewer, time.GetUtcNow(), note);
    }
}
