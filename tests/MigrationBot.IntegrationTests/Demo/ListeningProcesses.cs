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

    /// <summary>Whether the process still runs (a zombie waiting to be reaped does not).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // "pid (comm) S ...": the state follows the command name's closing parenthesis.
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>The processes of <paramref name="pids"/> still running after up to <paramref name="grace"/> (exiting ones get that long).</summary>
    public static async Task<IReadOnlyList<int>> StillRunningAsync(IEnumerable<int> pids, TimeSpan grace, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + grace;
        var running = pids.Where(IsAlive).ToList();
        while (running.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
            running = running.Where(IsAlive).ToList();
        }

        return running;
    }
}
