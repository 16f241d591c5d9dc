using CsvHelper;
using MigrationBot.Engine.Mailboxes;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.Engine.Csv;

/// <summary>
/// Checks a migration CSV (valid UTF-8, BOM removed) record by record. CsvHelper does the RFC 4180 work
/// (quoted fields with commas, doubled quotes, line breaks, line numbers); every check and message is ours,
/// and CsvHelper's raw records and exception messages are never used, because they may hold a password.
/// </summary>
internal static class MigrationCsvParser
{
    public static MigrationCsvResult Parse(byte[] utf8, CsvPasswords passwords)
    {
        var problems = new List<CsvProblem>();
        var rows = new List<MigrationCsvRow>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        var options = new CsvReaderOptions
        {
            Separator = ',',
            DetectSeparatorHint = false,
            // The header is read as a plain record so that its problems get our messages and line numbers.
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = bad => problems.Add(new CsvProblem((int)bad.LineNumber, QuotingMessage(bad.Reason))),
        };

        using var reader = CsvReader.Create(utf8, options);
        MigrationCsvHeader? header = null;
        var dataRows = 0;
        var headerLine = 1;
        try
        {
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var fields = reader.Current.ToArray();
                if (fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0]))
                {
                    continue;
                }

                if (header is null)
                {
                    headerLine = line;
                    header = MigrationCsvHeader.Parse(fields, line, passwords, problems);
                    if (!header.HasRequiredColumns)
                    {
                        return new MigrationCsvResult([], Sorted(problems));
                    }

                    continue;
                }

                if (++dataRows > MigrationCsv.MaxRows)
                {
                    return MigrationCsv.Refused(new CsvProblem(line,
                        "The file has more than 50,000 rows, Exchange's limit for one batch: split it into several files."));
                }

                var row = ReadRow(fields, line, header, passwords, firstLineOf, problems);
                if (row is not null)
                {
                    rows.Add(row);
                }
            }
        }
        catch (CsvFormatException e)
        {
            // Say where, never what: the record may hold a password.
            problems.Add(new CsvProblem((int)e.LineNumber, "This line could not be read as CSV: check its quotes (\")."));
        }

        if (header is null && problems.Count == 0)
        {
            problems.Add(new CsvProblem(1,
                $"The file is empty: the first line must be the header {MigrationCsvHeader.Layout(passwords)} (optionally ,UserRoot), then one line per mailbox."));
        }
        else if (header is not null && dataRows == 0 && problems.Count == 0)
        {
            problems.Add(new CsvProblem(headerLine + 1, "The file has a header but no mailboxes: add one line per mailbox below the header."));
        }

        return new MigrationCsvResult(rows, Sorted(problems));
    }

    private static MigrationCsvRow? ReadRow(
        string[] fields, int line, MigrationCsvHeader header, CsvPasswords passwords, Dictionary<string, int> firstLineOf, List<CsvProblem> problems)
    {
        if (fields.Length != header.FieldCount)
        {
            problems.Add(new CsvProblem(line,
                $"This line has {fields.Length} fields but the header has {header.FieldCount}: put quotes around any value that contains a comma, such as \"Smith, John\"."));
            return null;
        }

        var email = fields[header.IndexOf(MigrationCsvHeader.EmailAddressColumn)].Trim();
        var userName = fields[header.IndexOf(MigrationCsvHeader.UserNameColumn)].Trim();
        // Without passwords a refused Password column is never read, so a row of a refused file holds none either.
        var password = passwords == CsvPasswords.Required ? fields[header.IndexOf(MigrationCsvHeader.PasswordColumn)] : "";
        var userRootIndex = header.IndexOf(MigrationCsvHeader.UserRootColumn);
        var userRoot = userRootIndex < 0 ? "" : fields[userRootIndex].Trim();

        var before = problems.Count;
        AddIfEmpty(MigrationCsvHeader.EmailAddressColumn, email, line, passwords, problems);
        AddIfEmpty(MigrationCsvHeader.UserNameColumn, userName, line, passwords, problems);
        if (passwords == CsvPasswords.Required)
        {
            AddIfEmpty(MigrationCsvHeader.PasswordColumn, password, line, passwords, problems);
        }

        if (email.Length > 0)
        {
            if (!EmailAddressCheck.IsBareAddress(email))
            {
                problems.Add(new CsvProblem(line,
                    $"EmailAddress \"{CsvText.Shorten(email)}\" is not a valid email address: write the address alone, such as user@contoso.com."));
            }
            else if (firstLineOf.TryGetValue(email, out var first))
            {
                problems.Add(new CsvProblem(line, $"EmailAddress {email} is already on line {first}: list each mailbox once."));
            }
            else
            {
                firstLineOf.Add(email, line);
            }
        }

        return problems.Count != before
            ? null
            : new MigrationCsvRow(line, new MailboxSpec(email, userName, new Secret(password), userRoot.Length == 0 ? null : userRoot));
    }

    private static void AddIfEmpty(string column, string value, int line, CsvPasswords passwords, List<CsvProblem> problems)
    {
        if (value.Length == 0)
        {
            problems.Add(new CsvProblem(line, $"{column} is empty: every line needs {MigrationCsvHeader.RequiredList(passwords)}."));
        }
    }

    private static string QuotingMessage(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "A quoted value is never closed: add the missing quote (\") at the end of the value.",
        CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote =>
            "A value contains a quote (\") but is not quoted: put the whole value in quotes and double the quote inside (\"\").",
        _ => "This line could not be read as CSV: check its quotes (\").",
    };

    // OnMalformedRecord reports skipped lines as they are passed, so restore file order.
    private static List<CsvProblem> Sorted(List<CsvProblem> problems) => problems.OrderBy(p => p.Line).ToList();
}
