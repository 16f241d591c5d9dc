using System.ComponentModel;
using System.Diagnostics;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>Stopping a private Dovecot instance: for one this process started, and for one a crashed run left behind.</summary>
internal static class DovecotMaster
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>doveadm stop</c>, then waits until <paramref name="master"/> has really exited (with it go its listeners),
    /// killing its process tree if it lingers past the grace period. Nothing to do when the master is already gone.
    /// </summary>
    public static async Task StopAsync(string doveadm, string configFile, Process? master, CancellationToken ct)
    {
        try
        {
            if (master is { HasExited: true })
                return;
            if (File.Exists(configFile))
            {
                try
                {
                    await Command.RunAsync(doveadm, ["-c", configFile, "stop"], Grace, ct);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException or Win32Exception)
                {
                    // Killed below if still there.
                }
            }

            if (master is null)
                return;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Grace);
            try
            {
                await master.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                master.Kill(entireProcessTree: true);
                await master.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
