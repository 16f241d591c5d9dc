namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Who is who in the Playground's mock tenant. The Playground uses plain ids (no 28:/29: prefixes,
/// BOTFRAMEWORK.md §2.8); the bot is named as in the manifest so channel mentions read <c>&lt;at&gt;MigrationBot&lt;/at&gt;</c>.
/// </summary>
internal sealed record PlaygroundIdentity(string BotId, string BotName, string PersonalChatId, string GroupChatId)
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";

    public const string CurrentUserId = "user-id-0";

    public const string TeamId = "team-id";

    public const string AnnouncementsChannelId = "channel-announcements-id";

    public static PlaygroundIdentity CreateUnique(string botId) =>
        new(botId, "MigrationBot", $"personal-{Guid.NewGuid():N}", $"group-{Guid.NewGuid():N}");
}
