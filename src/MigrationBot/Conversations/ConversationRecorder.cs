using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Conversations;

/// <summary>
/// Keeps the stored references in step with authenticated activities: stored on install, conversation
/// updates and messages; removed when the bot is uninstalled or removed from the conversation.
/// Runs inside the request, before the acknowledgement, so a proactive send right after works.
/// A message whose reference this process stored unchanged less than <see cref="RewriteAfter"/> ago is not
/// written again: that write was most of the acknowledgement time under load.
/// </summary>
public sealed class ConversationRecorder(ConversationStore store, PeopleDirectory people, TimeProvider time, ILogger<ConversationRecorder> logger)
{
    /// <summary>How stale a stored reference's <c>updated_at</c> may get while messages keep arriving unchanged.</summary>
    public static readonly TimeSpan RewriteAfter = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, ConversationReference> _stored = new(StringComparer.Ordinal);

    public async Task RecordAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        if (activity.From is { AadObjectId: { Length: > 0 } aad, Id: { Length: > 0 } teamsId } from)
            await people.RememberAsync(aad, teamsId, from.Name, time.GetUtcNow(), cancellationToken);

        if (ConversationReference.FromActivity(activity, time.GetUtcNow()) is not { } reference)
        {
            return;
        }

        if (IsBotRemoved(activity))
        {
            _stored.TryRemove(reference.ConversationId, out _);
            if (await store.RemoveAsync(reference.ConversationId, cancellationToken))
            {
                Log.ConversationRemoved(logger, reference.ConversationId, activity.Type ?? "?");
            }

            return;
        }

        if (activity.Type is ActivityTypes.Message && IsFreshlyStored(reference))
        {
            return;
        }

        if (activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate)
        {
            await store.UpsertAsync(reference, cancellationToken);
            _stored[reference.ConversationId] = reference;
            Log.ConversationStored(logger, reference.ConversationType, reference.ConversationId);
        }
    }

    private bool IsFreshlyStored(ConversationReference reference) =>
        _stored.TryGetValue(reference.ConversationId, out var stored) &&
        stored == reference with { UpdatedAt = stored.UpdatedAt } &&
        reference.UpdatedAt - stored.UpdatedAt < RewriteAfter;

    private static bool IsBotRemoved(InboundActivity activity) => activity.Type switch
    {
        ActivityTypes.InstallationUpdate => string.Equals(activity.Action, "remove", StringComparison.OrdinalIgnoreCase),
        ActivityTypes.ConversationUpdate => activity.MembersRemoved?.Any(m => m.Id is not null && m.Id == activity.Recipient?.Id) == true,
        _ => false,
    };
}
