using System.Text.RegularExpressions;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Chat;

/// <summary>
/// Removes the bot's own @mention from message text. In channels and group chats Teams delivers only
/// messages that mention the bot, as <c>&lt;at&gt;Bot Name&lt;/at&gt; command</c> plus a <c>mention</c> entity
/// (BOTFRAMEWORK.md §1.3); other people's mentions are kept, they may be arguments.
/// </summary>
public static partial class MentionText
{
    public static string StripBotMention(InboundActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        var removed = false;
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.Type == "mention" && entity.Text is { Length: > 0 } markup
                && (botId is null || string.Equals(entity.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase)))
            {
                text = text.Replace(markup, " ", StringComparison.Ordinal);
                removed = true;
            }
        }

        if (!removed)
        {
            // No entity (e.g. a forwarded or custom activity): drop a leading <at>…</at>, which is where Teams puts it.
            text = LeadingMention().Replace(text, " ");
        }

        return text.Trim();
    }

    [GeneratedRegex(@"^\s*<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingMention();
}
