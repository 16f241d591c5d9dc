using System.Diagnostics;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// Stops and removes instances whose test process died without disposing them (a crash, a killed CI job):
/// a private Dovecot master outlives its parent, keeps its ports and its temp dir.
/// </summary>
internal static class StaleInstances
{
    public const string DirectoryPrefix = "migrationbot-dovecot-";
    private const string OwnerFile = "owner.pid";
    private const string MailRootFile = "mailroot.path";

    /// <summary>Marks <paramref name="root"/> as owned by this process (and records an external mail root to remove with it).</summary>
    public static void Claim(string root, string mailRoot)
    {
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(root, MailRootFile), mailRoot);
    }

    // Every server start cleans; tests start servers in parallel. Two cleaners on one orphan raced: one stopped it and
    // began deleting while its master still wrote its log on the way out, gave up, and the other then found no owner
    // file and left the half-deleted directory behind. One cleaner at a time, and deletes that retry, prevent that.
    private static readonly SemaphoreSlim CleanGate = new(1, 1);

    public static async Task CleanAsync(string doveadm, CancellationToken ct)
    {
        await CleanGate.WaitAsync(ct);
        try
        {
            await CleanOnceAsync(doveadm, ct);
        }
        finally
        {
            CleanGate.Release();
        }
    }

    private static async Task CleanOnceAsync(string doveadm, CancellationToken ct)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*").ToList();
        }
        catch (IOException)
        {
            return;
        }
        foreach (var root in candidates)
        {
            // Only instances whose owner is gone: a directory without an owner file may be starting right now.
            if (!TryReadOwner(root, out var owner) || Directory.Exists($"/proc/{owner}"))
                continue;
            await StopAsync(doveadm, root, ct);
            var mailRootFile = Path.Combine(root, MailRootFile);
            var mailRoot = File.Exists(mailRootFile) ? File.ReadAllText(mailRootFile).Trim() : null;
            if (!string.IsNullOrEmpty(mailRoot))
                TryDelete(mailRoot);
            TryDelete(root);
        }
    }

    private static async Task StopAsync(string doveadm, string root, CancellationToken ct)
    {
        // Read before "doveadm stop", which removes the file as the master exits.
        using var master = MasterProcess(Path.Combine(root, "run", "master.pid"));
        await DovecotMaster.StopAsync(doveadm, Path.Combine(root, "dovecot.conf"), master, ct);
    }

    private static Process? MasterProcess(string masterPidFile)
    {
        try
        {
            if (!File.Exists(masterPidFile) || !int.TryParse(File.ReadAllText(masterPidFile).Trim(), out var pid))
                return null;
            var process = Process.GetProcessById(pid);
            if (process.ProcessName.Contains("dovecot", StringComparison.Ordinal))
                return process;
            process.Dispose();
            return null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TryReadOwner(string root, out int owner)
    {
        owner = 0;
        try
        {
            var file = Path.Combine(root, OwnerFile);
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out owner);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void TryDelete(string directory)
    {
        // A process that is just exiting may still write a file in it: try again a few times before giving up.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                    Directory.Delete(directory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp dir is not worth failing a test run for.
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
