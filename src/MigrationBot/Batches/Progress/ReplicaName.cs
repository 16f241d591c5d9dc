using System.Globalization;

namespace MigrationBot.Batches.Progress;

/// <summary>This replica as the others see it in what it publishes: the machine and the process.</summary>
public static class ReplicaName
{
    public static string Current { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");
}
