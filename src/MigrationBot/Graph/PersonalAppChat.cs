namespace MigrationBot.Graph;

/// <summary>The bot's 1:1 chat with a user, reached by installing the app for them through Graph; or why it was not.</summary>
/// <param name="ChatId">The chat's id (<c>19:…@unq.gbl.spaces</c>), which is also the Bot Framework conversation id.</param>
/// <param name="AlreadyInstalled">Graph answered 409: the app was installed before (the user removed the chat's reference, or it was never stored).</param>
/// <param name="Failure">Why there is no chat: what to grant, publish or check.</param>
public sealed record PersonalAppChat(string? ChatId, bool AlreadyInstalled, string? Failure)
{
    public static PersonalAppChat Failed(string failure) => new(null, false, failure);
}
