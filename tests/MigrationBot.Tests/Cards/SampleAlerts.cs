using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Tests.Cards;

/// <summary>Fixed inputs for the IT channel's alert cards (no clock, no randomness); 500 users for the size limit.</summary>
public static class SampleAlerts
{
    private static readonly DateTimeOffset At = SampleBatches.At;

    public static IReadOnlyList<BatchUser> Completed(int count) =>
    [
        .. SampleBatches.Users(count, BatchState.Completed).Select(u => u.State == UserState.Synced ? u with { State = UserState.Completed } : u),
    ];

    public static IReadOnlyList<Stall> Stalls(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Stall($"user{i:000}@contoso.com", At.AddMinutes(-35 - i), AlreadyAlerted: false))];

    public static DailyReport Report() => new(TimeSpan.FromHours(24), 12_345, 987_654_321, At.AddHours(3), At);

    public static IReadOnlyList<string> Approvers() => ["Ann Approver", "00000000-0000-0000-0000-000000000021"];
}
