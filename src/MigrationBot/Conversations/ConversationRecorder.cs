using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Conversations;

/// <summary>
/// Keeps the stored references in step with authenticated activities: stored on install, conversation
/// updates and every message; removed when the bot is uninstalled or removed from the conversation.
/// Runs inside the request, before the acknowledgement, so a proactive send right after works.
/// </summary>
public sealed class ConversationRecorder(ConversationStore store, TimeProvider time, ILogger<ConversationRecorder> logger)
{
    public async Task RecordAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        if (ConversationReference.FromActivity(activity, time.GetUtcNow()) is not { } reference)
        {
            return;
        }

        if (IsBotRemoved(activity))
        {
            if (await store.RemoveAsync(reference.ConversationId, cancellationToken))
            {
                Log.ConversationRemoved(logger, reference.ConversationId, activity.Type ?? "?");
            }

            return;
        }

        if (activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate)
        {
            await store.UpsertAsync(reference, cancellationToken);
            Log.ConversationStored(logger, reference.ConversationType, reference.ConversationId);
        }
    }

    private static bool IsBotRemoved(InboundActivity activity) => activity.Type switch
    {
        ActivityTypes.InstallationUpdate => string.Equals(activity.Action, "remove", StringComparison.OrdinalIgnoreCase),
        ActivityTypes.ConversationUpdate => activity.MembersRemoved?.Any(m => m.Id is not null && m.Id == activity.Recipient?.Id) == true,
        _ => false,
    };
}
