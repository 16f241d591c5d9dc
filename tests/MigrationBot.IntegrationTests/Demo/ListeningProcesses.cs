using System.Globalization;

namespace MigrationBot.IntegrationTests.Demo;

/// <summary>
/// Which processes listen on a loopback TCP port, from /proc (Linux): the socket's inode in /proc/net/tcp, then every
/// process holding a descriptor to it. Asks about processes, not ports, since a freed port may be taken by anyone.
/// </summary>
internal static class ListeningProcesses
{
    private const string Listen = "0A";

    public static IReadOnlySet<int> Of(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[3] == Listen && int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                inodes.Add(fields[9]);
        }

        var pids = new HashSet<int>();
        if (inodes.Count == 0)
            return pids;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                        pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // A process that exited meanwhile, or one we may not look into.
            }
        }

        return pids;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
}
