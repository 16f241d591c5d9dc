namespace MigrationBot.BotFramework.Wire;

/// <summary>Activity <c>type</c> values we act on.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Typing = "typing";
}

/// <summary>Content types of attachments and invoke responses (BOTFRAMEWORK.md §1.4).</summary>
public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
}
