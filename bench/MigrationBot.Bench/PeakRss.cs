using System.Globalization;

namespace MigrationBot.Bench;

/// <summary>Reads a running process's peak resident set size (VmHWM) and CPU time from /proc.</summary>
internal static class PeakRss
{
    public static long? Read(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>User plus system CPU time so far (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
