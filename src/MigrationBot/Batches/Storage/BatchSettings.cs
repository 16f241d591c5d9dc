using MigrationBot.Batches.Endpoints;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Batches.Storage;

/// <summary>
/// What the batch form gathered, stored with the batch (as JSON). Never holds a secret: passwords are stored
/// apart, encrypted, and purged when the batch ends.
/// </summary>
public sealed record BatchSettings
{
    /// <summary>The saved endpoint the batch was started with, or null for one entered in the form.</summary>
    public string? EndpointName { get; init; }

    public required ImapEndpoint Source { get; init; }

    /// <summary>How source logins are made: each user's CSV password, or an administrator for all.</summary>
    public AdminForm AdminForm { get; init; } = AdminForm.None;

    public string? AdminUser { get; init; }

    public int MaxConcurrentMailboxes { get; init; } = 10;

    public IReadOnlyList<string> ExcludedFolders { get; init; } = [];

    public long MaxMessageSize { get; init; } = MigrationOptions.DefaultMaxMessageSize;

    /// <summary>When the first sync starts; null: at once.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>When the users switch over (the notices count down to it); null: not planned yet.</summary>
    public DateTimeOffset? CutoverAt { get; init; }

    /// <summary>The IANA or Windows time zone the form's times were given in.</summary>
    public string TimeZone { get; init; } = "UTC";

    public TimeSpan IncrementalInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The display name of who started the batch (the audit trail keeps their Entra object id).</summary>
    public string? RequesterName { get; init; }

    /// <summary>Whether one user failing preflight fails the whole batch (default: that user waits, the others go on).</summary>
    public bool PreflightFailuresBlock { get; init; }

    /// <summary>Entra object ids who may approve completion, besides the configured approvers.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    /// <summary>
    /// The batch's own texts of its end-user notices, by notice name (<c>Announcement</c>, <c>Reminder</c>, …), each
    /// checked when it was saved; a notice not named here reads its default text.
    /// </summary>
    public IReadOnlyDictionary<string, string> NoticeTexts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
