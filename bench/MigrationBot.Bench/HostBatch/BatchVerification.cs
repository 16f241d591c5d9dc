using System.Globalization;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// What a host's batch must show before its figures count: it ended Synced, its ledger holds every message as
/// committed, and every folder of every mailbox holds the source's count on the target.
/// </summary>
internal static class BatchVerification
{
    /// <summary>Messages per folder of each user on the source: what each target mailbox must hold.</summary>
    public static async Task<Dictionary<string, IReadOnlyDictionary<string, int>>> ExpectedAsync(DovecotServer source, IEnumerable<string> users, CancellationToken cancellationToken)
    {
        var expected = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var user in users)
            expected[user] = await MailboxFolders.CountAsync(source, user, cancellationToken);
        return expected;
    }

    /// <summary>What is missing, one line each; empty when the batch counts.</summary>
    public static async Task<List<string>> ProblemsAsync(
        string batch, string state, long committed, DovecotServer target, Func<string, string> targetOf, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> expected,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var total = expected.Values.Sum(f => f.Values.Sum());
        if (state != "Synced")
            problems.Add($"the batch {batch} ended {state}, not Synced");
        if (committed != total)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the ledger committed {committed} messages of {batch}, the source holds {total}"));
        foreach (var (user, folders) in expected)
        {
            var found = await MailboxFolders.CountAsync(target, targetOf(user), cancellationToken);
            foreach (var folder in folders.Keys.Union(found.Keys))
            {
                var (want, got) = (folders.GetValueOrDefault(folder), found.GetValueOrDefault(folder));
                if (want != got)
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{targetOf(user)}'s '{folder}' has {got} messages on the target, {want} on the source"));
            }
        }

        return problems;
    }
}
