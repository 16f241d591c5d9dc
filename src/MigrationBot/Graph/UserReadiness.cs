namespace MigrationBot.Graph;

/// <summary>Whether a target user can receive a migrated mailbox, and what Graph says of them.</summary>
/// <param name="Problem">Why not (not found, disabled, no Exchange Online license, no mailbox), or null when ready.</param>
/// <param name="TimeZone">The mailbox's time zone (Windows or IANA name), for notices at the user's local time.</param>
/// <param name="Locale">The mailbox's language (e.g. de-DE), for dates in notices.</param>
/// <param name="ObjectId">The user's Entra object id: how Teams is asked for their 1:1 chat.</param>
public sealed record UserReadiness(string EmailAddress, string? Problem, string? DisplayName = null, string? TimeZone = null, string? Locale = null, string? ObjectId = null)
{
    public bool Ready => Problem is null;
}
