using System.Diagnostics;
using System.Globalization;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// Who holds a mailbox lease: the machine, the process (id and start time, so a reused pid is not mistaken for the
/// holder) and the pass. A lease left by a process that no longer runs on this machine is taken over at once,
/// so a CLI killed and started again goes on; a lease of another machine waits for its expiry.
/// </summary>
internal sealed record LeaseOwner(string Machine, int ProcessId, long ProcessStartTicks, Guid Pass)
{
    public static LeaseOwner ForThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return new LeaseOwner(Environment.MachineName, self.Id, self.StartTime.ToUniversalTime().Ticks, Guid.NewGuid());
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Machine}/{ProcessId}/{ProcessStartTicks}/{Pass:N}");

    public static LeaseOwner? Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 4 &&
               int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
               long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start) &&
               Guid.TryParseExact(parts[3], "N", out var pass)
            ? new LeaseOwner(parts[0], pid, start, pass)
            : null;
    }

    /// <summary>True when this owner's process is known to have ended: on this machine, and not running any more.</summary>
    public bool IsGoneFromThisMachine()
    {
        if (!string.Equals(Machine, Environment.MachineName, StringComparison.Ordinal))
            return false;
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return process.HasExited || process.StartTime.ToUniversalTime().Ticks != ProcessStartTicks;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>How the holder is named to a person: the machine and the process, not the pass's id.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"process {ProcessId} on {Machine}");
}
