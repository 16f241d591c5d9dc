using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Verify;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>Assertions that print the whole verification or report when they fail.</summary>
internal static class AssertMigration
{
    public static void Identical(IReadOnlyList<MailboxVerification> results)
    {
        var problems = results
            .Where(r => !r.IsIdentical)
            .SelectMany(r => r.Error is not null ? [$"{r.EmailAddress}: {r.Error}"] : r.Folders.Where(f => !f.IsIdentical).Select(f => $"{r.EmailAddress}: {f}"))
            .ToList();
        Assert.True(problems.Count == 0, "source and target differ:\n" + string.Join('\n', problems));
        Assert.All(results, r => Assert.NotEmpty(r.Folders));
    }

    public static void Succeeded(MigrationReport report)
    {
        var failures = report.Mailboxes.Where(m => m.Outcome != MailboxOutcome.Succeeded).Select(m => $"{m.EmailAddress}: {m.Outcome} {m.Error}").ToList();
        Assert.True(failures.Count == 0, "mailboxes failed:\n" + string.Join('\n', failures));
    }
}
