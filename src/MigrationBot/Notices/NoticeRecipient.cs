namespace MigrationBot.Notices;

/// <summary>Who a notice is for, as Graph knows them: name, address, time zone and language (the batch's when unknown).</summary>
public sealed record NoticeRecipient(string EmailAddress, string DisplayName, TimeZoneInfo TimeZone, string Locale);

/// <summary>What a notice says of the batch: when, what does not move, who to ask.</summary>
/// <param name="OversizeItems">How many of the user's items are too large to move (from preflight).</param>
public sealed record NoticeFacts(string BatchName, DateTimeOffset? CutoverUtc, IReadOnlyList<string> ExcludedFolders, int OversizeItems, long MaxMessageSize, string ItContact, string NewServer);
