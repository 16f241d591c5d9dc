using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Preflight;
using MigrationBot.Engine.Verify;

namespace MigrationBot.Tests.Cards;

/// <summary>Fixed batches, users and results for the batch cards' golden files (no clock, no randomness).</summary>
public static class SampleBatches
{
    public static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static Batch Batch(BatchState state) => new(
        Guid.Parse("6f1c2a4e-9d3b-4c7a-8e21-0b5d7f9a1c33"), "wave2", state, "user:00000000-0000-0000-0000-000000000020", At, At,
        new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), CutoverAt = At.AddDays(7), RequesterName = "Alex Wilber" },
        "conversation-1", "activity-1");

    public static IReadOnlyList<BatchUser> Users(int count, BatchState state)
    {
        var batch = Batch(state);
        return [.. Enumerable.Range(1, count).Select(i => new BatchUser(batch.Id, $"user{i:000}@contoso.com",
            i % 10 == 3 ? UserState.Failed : UserState.Synced, i % 10 == 3 ? "source: authentication failed for user" + i : null, $"user{i:000}", null,
            new UserTotals(1000 + i, 50_000_000L + i, i % 7, 0, 3, At.AddHours(-2), true)))];
    }

    /// <summary>A batch's progress; while it syncs, user001's pass is in its second folder, INBOX copied.</summary>
    public static ProgressView Progress(BatchState state, int users = 3) =>
        new(Batch(state), Users(users, state), state == BatchState.Syncing
                ? new Dictionary<string, LivePass> { ["user001@contoso.com"] = new("Projects/2024", 8, 9, null, At, PassCopied: 2_408, PassBytes: 61_000_000) }
                : new Dictionary<string, LivePass>(),
            null, null, ["00000000-0000-0000-0000-000000000020"]);

    public static IReadOnlyList<PreflightResult> Preflight() =>
    [
        new("ann@contoso.com", null, [new("INBOX", "Inbox", 120, 3_400_000, 0, null), new("Sent", "Sent Items", 40, 1_200_000, 1, null), new("Trash", null, 0, 0, 0, "excluded: #DeletedItems#")]),
        new("bob@contoso.com", null, [new("INBOX", "Inbox", 80, 2_000_000, 0, null)]),
        new("carol@contoso.com", "source: authentication failed (check the user name and password)", []),
    ];

    public static IReadOnlyList<MailboxVerification> Evidence() =>
    [
        new("user001@contoso.com", [new("INBOX", "Inbox", 120, 120, 0, 0, 0, 0, 0), new("Sent", "Sent Items", 40, 40, 0, 0, 0, 0, 0)]),
        new("user002@contoso.com", [new("INBOX", "Inbox", 80, 79, 1, 0, 0, 0, 0)]),
        new("user003@contoso.com", [], "source: authentication failed"),
    ];
}
