using MigrationBot.Conversations;

namespace MigrationBot.Notices.Delivery;

/// <summary>A user's 1:1 chat with the bot, ready to send to, and how it was reached; or why there is none.</summary>
/// <param name="How">How the chat was reached when that is worth recording (Graph installed the app, or the Connector
/// opened it after Graph could not); null for a stored chat.</param>
/// <param name="WhyNot">Why there is no chat: every way tried, with its reason.</param>
public sealed record PersonalChat(ConversationReference? Reference, string? How, string? WhyNot)
{
    public static PersonalChat None(string whyNot) => new(null, null, whyNot);
}
