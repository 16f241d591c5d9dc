namespace MigrationBot.DemoServers.Graph;

/// <summary>
/// A demo mailbox as the Graph stand-in describes it: the target address, the Entra object id, and the mailbox's
/// time zone and language. The first three are the Agents Playground's people, so the bot's notices for them reach
/// the chats the Playground knows (Alex Wilber's is the personal chat its UI shows).
/// </summary>
internal sealed record DemoGraphUser(string EmailAddress, string ObjectId, string DisplayName, string TimeZone, string Locale)
{
    // The Playground's built-in tenant (BOTFRAMEWORK.md §2.2): currentUser user-id-0 and users user-id-1, user-id-2.
    private static readonly (string ObjectId, string DisplayName, string TimeZone, string Locale)[] PlaygroundPeople =
    [
        ("00000000-0000-0000-0000-0000000000020", "Alex Wilber", "Europe/Berlin", "en-GB"),
        ("00000000-0000-0000-0000-0000000000021", "Megan Bowen", "America/New_York", "en-US"),
        ("00000000-0000-0000-0000-0000000000022", "Adele Vance", "Asia/Tokyo", "ja-JP"),
    ];

    /// <summary>The demo users in order: the first three are the Playground's people, any further ones get generated ids.</summary>
    public static IReadOnlyList<DemoGraphUser> For(IReadOnlyList<DemoUser> users) =>
        [.. users.Select((user, index) => index < PlaygroundPeople.Length
            ? new DemoGraphUser(user.EmailAddress, PlaygroundPeople[index].ObjectId, PlaygroundPeople[index].DisplayName, PlaygroundPeople[index].TimeZone, PlaygroundPeople[index].Locale)
            : new DemoGraphUser(user.EmailAddress, $"00000000-0000-0000-0001-{index:D12}", user.Name, "UTC", "en-US"))];
}
