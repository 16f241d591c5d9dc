using System.Globalization;

namespace MigrationBot.Bench;

/// <summary>
/// The CPU time of a process and its children, from /proc: a server whose work is done in processes it forks (PostgreSQL's
/// backends, one per connection; Dovecot's imap, login and auth processes). A process that has exited is counted in its
/// parent's cutime/cstime once reaped, a living one in its own utime/stime, so the sum only grows.
/// </summary>
internal static class ProcessTreeCpu
{
    public static TimeSpan? Read(int root)
    {
        long ticks = 0;
        var found = false;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Stat(pid) is not { } stat)
                continue;
            if (pid == root)
            {
                // utime + stime + cutime + cstime (fields 14-17 of /proc/PID/stat).
                ticks += stat.Own + stat.Children;
                found = true;
            }
            else if (stat.Parent == root)
            {
                ticks += stat.Own;
            }
        }

        return found ? TimeSpan.FromSeconds(ticks / 100.0) : null;
    }

    /// <summary>The postmaster's process id: the first line of <c>postmaster.pid</c> in its data directory.</summary>
    public static int Postmaster(string dataDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), NumberStyles.None, CultureInfo.InvariantCulture);

    private static (int Parent, long Own, long Children)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return ((int)Field(1), Field(11) + Field(12), Field(13) + Field(14));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // exited meanwhile
        }
    }
}
