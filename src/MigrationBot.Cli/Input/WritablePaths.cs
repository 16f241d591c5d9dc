using Microsoft.Data.Sqlite;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Cli.Input;

/// <summary>
/// The files a run writes, checked before anything starts: a ledger that cannot be created, or a report directory
/// that cannot be written, is bad input naming the option to change, not a stack trace after hours of copying.
/// </summary>
public static class WritablePaths
{
    /// <summary>Opens the ledger; a new one is said on <paramref name="error"/>, since it makes the run match by content.</summary>
    public static async Task<MigrationLedger> OpenLedgerAsync(FileInfo path, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var isNew = !File.Exists(path.FullName);
            var ledger = await MigrationLedger.OpenAsync(path.FullName, cancellationToken);
            if (isNew)
                await error.WriteLineAsync(
                    $"note: the ledger '{path.FullName}' is new. Target folders that already hold mail are compared by content " +
                    "(Message-ID or headers, size, date) and what is found is adopted, not copied again; if an earlier run of this migration used another --ledger, pass that one.");
            return ledger;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot open the ledger '{path.FullName}' ({ex.Message}); give --ledger a new file or an existing MigrationBot ledger, in a directory you can write to", ex);
        }
    }

    /// <summary>Creates the report directory and writes (then removes) a file in it.</summary>
    public static void EnsureReportDirectory(DirectoryInfo directory)
    {
        try
        {
            Directory.CreateDirectory(directory.FullName);
            var probe = Path.Combine(directory.FullName, $".migrationbot-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write the report to '{directory.FullName}' ({ex.Message}); give --report a directory you can write to", ex);
        }
    }
}
