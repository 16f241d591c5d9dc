using System.Globalization;

namespace MigrationBot.Bench;

/// <summary>Reads a process's peak resident set size (VmHWM) from /proc while it runs.</summary>
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
}
