using System.Diagnostics.CodeAnalysis;

namespace MigrationBot.DemoServers;

/// <summary>Where the demo servers write what a newcomer needs (demo.json and the two CSVs) and keep their Maildirs.</summary>
internal sealed record DemoOptions(string OutFile, string DataDirectory)
{
    /// <summary>With <c>--throttle-append N</c>: the TARGET's Nth APPEND is refused as Exchange Online throttles (then BYE).</summary>
    public int? ThrottleAppend { get; init; }

    public const string Usage =
        """
        Starts a SOURCE and a TARGET Dovecot on free loopback ports with demo users and a generated corpus, and a
        Microsoft Graph stand-in (local demo only) that maps the users to the Agents Playground's people, writes
        their ports and passwords, prints "demo servers ready", and runs until SIGTERM or Ctrl-C.

        Usage: MigrationBot.DemoServers [--out FILE] [--data DIR] [--throttle-append N]
          --out   the JSON file to write (default .run/demo.json); <name>-users.csv and <name>-admin.csv go beside it
          --data  where the Maildirs go (default: a folder "demo" beside the JSON file)
          --throttle-append N
                  also run a plain-IMAP front of the TARGET that answers its Nth APPEND as Exchange Online throttles
                  ("NO Request is throttled. Suggested Backoff Time: 8000 milliseconds", then BYE); its port is
                  target.throttlingPort in the JSON (the screenshot run uses it to show the throttling alert)
        """;

    /// <summary>The per-user password CSV, beside the JSON file: <c>demo-users.csv</c> for <c>demo.json</c>.</summary>
    public string UsersCsvFile => Beside("-users.csv");

    /// <summary>The CSV in the Dovecot master-user form: <c>demo-admin.csv</c> for <c>demo.json</c>.</summary>
    public string AdminCsvFile => Beside("-admin.csv");

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out DemoOptions? options, [NotNullWhen(false)] out string? problem)
    {
        options = null;
        string? outFile = null;
        string? data = null;
        int? throttle = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--out" when value is not null:
                    outFile = value;
                    i++;
                    break;
                case "--data" when value is not null:
                    data = value;
                    i++;
                    break;
                case "--throttle-append" when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0:
                    throttle = n;
                    i++;
                    break;
                case "--throttle-append":
                    problem = "--throttle-append needs a positive number";
                    return false;
                case "--out" or "--data":
                    problem = $"{args[i]} needs a value";
                    return false;
                default:
                    problem = $"unknown argument '{args[i]}'";
                    return false;
            }
        }

        var fullOut = Path.GetFullPath(outFile ?? Path.Combine(".run", "demo.json"));
        var directory = Path.GetDirectoryName(fullOut) ?? throw new InvalidOperationException($"'{fullOut}' has no directory.");
        options = new DemoOptions(fullOut, Path.GetFullPath(data ?? Path.Combine(directory, "demo"))) { ThrottleAppend = throttle };
        problem = null;
        return true;
    }

    private string Beside(string suffix) =>
        Path.Combine(Path.GetDirectoryName(OutFile) ?? ".", Path.GetFileNameWithoutExtension(OutFile) + suffix);
}
