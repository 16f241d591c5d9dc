namespace MigrationBot.Engine.Csv;

/// <summary>
/// The header line of a migration CSV: where each known column is, and what is wrong with it.
/// Names are matched case-insensitively, in any order (Exchange accepts both). With <see cref="CsvPasswords.Forbidden"/>
/// the Password column is not required but refused.
/// </summary>
internal sealed class MigrationCsvHeader
{
    public const string EmailAddressColumn = "EmailAddress";
    public const string UserNameColumn = "UserName";
    public const string PasswordColumn = "Password";
    public const string UserRootColumn = "UserRoot";

    private static readonly string[] WithPasswords = [EmailAddressColumn, UserNameColumn, PasswordColumn];
    private static readonly string[] WithoutPasswords = [EmailAddressColumn, UserNameColumn];
    private static readonly string[] Known = [EmailAddressColumn, UserNameColumn, PasswordColumn, UserRootColumn];

    private readonly Dictionary<string, int> _columns;
    private readonly string[] _required;

    private MigrationCsvHeader(Dictionary<string, int> columns, int fieldCount, CsvPasswords passwords)
    {
        _columns = columns;
        _required = Required(passwords);
        FieldCount = fieldCount;
    }

    /// <summary>Number of fields every data row must have.</summary>
    public int FieldCount { get; }

    /// <summary>Whether every required column was found, so rows can be read even if the header has other problems.</summary>
    public bool HasRequiredColumns => _required.All(_columns.ContainsKey);

    /// <summary>
    /// The index of a known column, or -1 when absent (only <see cref="UserRootColumn"/> may be, and
    /// <see cref="PasswordColumn"/> always is with <see cref="CsvPasswords.Forbidden"/>).
    /// </summary>
    public int IndexOf(string column) => _columns.TryGetValue(column, out var index) ? index : -1;

    /// <summary>The columns a header must have, as a header line: <c>EmailAddress,UserName,Password</c>.</summary>
    public static string Layout(CsvPasswords passwords) => string.Join(',', Required(passwords));

    /// <summary>The columns a header must have, as a phrase: <c>EmailAddress, UserName and Password</c>.</summary>
    public static string RequiredList(CsvPasswords passwords) => List(Required(passwords));

    /// <summary>Reads the header fields, adding a problem for each unknown, duplicate, missing or refused column.</summary>
    public static MigrationCsvHeader Parse(IReadOnlyList<string> fields, int line, CsvPasswords passwords, List<CsvProblem> problems)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = fields.Select(f => f.Trim()).ToList();

        // A header never holds an '@'; a line that does is data (and its fields may hold a password).
        var recognised = names.Count(n => Known.Contains(n, StringComparer.OrdinalIgnoreCase) || Suggest(n) is not null);
        if (recognised == 0 || names.Any(n => n.Contains('@', StringComparison.Ordinal)))
        {
            // Nothing looks like a column name: most likely the header line was left out and this is data.
            // Never quote the fields here, they may hold a password.
            problems.Add(new CsvProblem(line, names.Count == 1 && names[0].Contains(';', StringComparison.Ordinal)
                ? "The file uses ';' as separator; save it as \"CSV UTF-8 (comma delimited)\" so fields are separated by commas."
                : $"The first line is not a header: it must be {Layout(passwords)} (optionally followed by ,UserRoot), then one line per mailbox."));
            return new MigrationCsvHeader(columns, names.Count, passwords);
        }

        var suggested = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var refusedPasswords = false;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var known = Known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (name.Length == 0)
            {
                problems.Add(new CsvProblem(line, $"Column {i + 1} of the header has no name: remove the extra comma or name the column."));
            }
            else if (passwords == CsvPasswords.Forbidden && (known ?? Suggest(name)) == PasswordColumn)
            {
                // Refused once however many password-like columns there are; misspellings ("Pwd") are refused too,
                // since suggesting the right spelling would invite the admin to paste passwords.
                if (!refusedPasswords)
                {
                    problems.Add(new CsvProblem(line, known is not null
                        ? "This form takes no passwords: remove the Password column; per-user passwords go in personal chat."
                        : $"This form takes no passwords: remove the column \"{Quote(name)}\" (it looks like Password); per-user passwords go in personal chat."));
                }

                refusedPasswords = true;
            }
            else if (known is null)
            {
                var suggestion = Suggest(name);
                if (suggestion is not null)
                {
                    suggested.Add(suggestion);
                }

                problems.Add(new CsvProblem(line, suggestion is not null
                    ? $"Unknown column \"{Quote(name)}\": did you mean {suggestion}?"
                    : $"Unknown column \"{Quote(name)}\": the only columns allowed are {List(Allowed(passwords))}."));
            }
            else if (columns.TryGetValue(known, out var first))
            {
                problems.Add(new CsvProblem(line, $"Column {known} appears twice in the header (columns {first + 1} and {i + 1}): keep one."));
            }
            else
            {
                columns.Add(known, i);
            }
        }

        foreach (var missing in Required(passwords).Where(r => !columns.ContainsKey(r) && !suggested.Contains(r)))
        {
            problems.Add(new CsvProblem(line, $"Missing required column {missing}: the header must contain {RequiredList(passwords)}."));
        }

        return new MigrationCsvHeader(columns, names.Count, passwords);
    }

    private static string[] Required(CsvPasswords passwords) => passwords == CsvPasswords.Forbidden ? WithoutPasswords : WithPasswords;

    private static string[] Allowed(CsvPasswords passwords) => [.. Required(passwords), UserRootColumn];

    private static string List(string[] names) => names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";

    /// <summary>The known column a misspelt name most likely meant, or null when none is close.</summary>
    internal static string? Suggest(string name)
    {
        var normalised = new string(name.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        if (normalised.Length == 0)
        {
            return null;
        }

        // Common synonyms first: they are not typos but mean the same column.
        switch (normalised)
        {
            case "EMAIL" or "MAIL" or "EMAILADDR" or "SMTPADDRESS" or "PRIMARYSMTPADDRESS":
                return EmailAddressColumn;
            case "USER" or "LOGIN" or "USERID" or "LOGINNAME":
                return UserNameColumn;
            case "PASS" or "PWD" or "PASSWD":
                return PasswordColumn;
        }

        var best = Known
            .Select(k => (Name: k, Distance: Distance(normalised, k.ToUpperInvariant())))
            .OrderBy(c => c.Distance)
            .First();
        // Allow roughly one typo per four letters: "EmailAdress", "User Name", "Pasword", "UsrRoot".
        return best.Distance <= Math.Max(1, best.Name.Length / 4) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Quote(string value) => CsvText.Shorten(value);
}
