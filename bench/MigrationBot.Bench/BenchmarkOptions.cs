using System.Globalization;

namespace MigrationBot.Bench;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record BenchmarkOptions(int Users, int MessagesPerUser, int LargePerUser, string MailRoot, bool Verbose, bool PlainOnly)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var root = Array.IndexOf(args, "--mail-root") is var r and >= 0 && r + 1 < args.Length
            ? args[r + 1]
            : Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return new BenchmarkOptions(Int("--users", 5), Int("--messages", 2000), Int("--large", 1), root, args.Contains("--verbose"), args.Contains("--plain-only"));
    }

    public const string Usage =
        "usage: bench [--users 5] [--messages 2000] [--large 1] [--mail-root /dev/shm] [--verbose] [--plain-only]\n" +
        "  copies a generated corpus between private Dovecot instances and prints the engine's figures\n" +
        "  beside the read and write ceilings measured on the same servers in the same run.";
}
