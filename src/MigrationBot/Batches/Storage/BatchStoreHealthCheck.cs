using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationBot.Batches.Storage;

/// <summary>
/// Ready when the PostgreSQL batch store answers (its tables brought up to date). The SQLite one shares the file that
/// the conversation store's check already opens, so there is nothing more to ask of it.
/// </summary>
internal sealed class BatchStoreHealthCheck(IBatchStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is not PostgresBatchStore postgres)
            return HealthCheckResult.Healthy();
        try
        {
            await postgres.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            // Npgsql's messages name the host and the user, never the password.
            return HealthCheckResult.Unhealthy("The PostgreSQL batch store does not answer.", ex);
        }
    }
}
