using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.DemoServers;

/// <summary>
/// Removes Maildirs in the data directory whose Dovecot instance directory is gone from the temp dir (wiped by a reboot, say).
/// A killed run whose instance directory is still there is cleaned by <see cref="DovecotServer.StartAsync"/> itself
/// (StaleInstances): it stops that Dovecot and removes its Maildirs here too.
/// </summary>
internal static class OrphanedMailRoots
{
    public static void Remove(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
            return;
        foreach (var mailRoot in Directory.EnumerateDirectories(dataDirectory, StaleInstances.DirectoryPrefix + "*"))
        {
            // DovecotServer names a mail root after its instance directory (MailRoot/<instance dir name>).
            if (!Directory.Exists(Path.Combine(Path.GetTempPath(), Path.GetFileName(mailRoot))))
                StaleInstances.TryDelete(mailRoot);
        }
    }
}
