using MigrationBot.Engine.Mailboxes;

namespace MigrationBot.Engine.Csv;

/// <summary>
/// What <see cref="MigrationCsv"/> read: the rows that passed their own checks and every problem found.
/// A CSV with any problem must start nothing: ask for <see cref="MailboxesToMigrate"/>, which refuses
/// unless <see cref="IsValid"/>, rather than using <see cref="Rows"/> to start work.
/// </summary>
public sealed class MigrationCsvResult
{
    internal MigrationCsvResult(IReadOnlyList<MigrationCsvRow> rows, IReadOnlyList<CsvProblem> problems)
    {
        Rows = rows;
        Problems = problems;
    }

    /// <summary>
    /// Rows that have no problem of their own, in file order (for previews and counts). A row with a problem is
    /// never here; when the file has problems elsewhere these rows are still not to be migrated.
    /// </summary>
    public IReadOnlyList<MigrationCsvRow> Rows { get; }

    /// <summary>Every problem, in line order; empty when the file can be used.</summary>
    public IReadOnlyList<CsvProblem> Problems { get; }

    /// <summary>True when there is no problem at all, so the batch may start.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>The mailboxes to migrate; throws unless <see cref="IsValid"/>, so a bad file cannot start anything.</summary>
    /// <exception cref="InvalidOperationException">The file has problems.</exception>
    public IReadOnlyList<MailboxSpec> MailboxesToMigrate()
    {
        if (!IsValid)
        {
            throw new InvalidOperationException(
                $"The CSV has {Problems.Count} problem(s); fix them and upload it again before starting anything.");
        }

        return Rows.Select(r => r.Mailbox).ToList();
    }

    public override string ToString() =>
        IsValid ? $"{Rows.Count} mailbox(es), no problems" : $"{Rows.Count} clean row(s), {Problems.Count} problem(s)";
}
