using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using MigrationBot.Conversations;

namespace MigrationBot.Hosting;

public static class HealthExtensions
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the store is reachable. In every environment.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(StoreHealthCheck.ReadyTag) });
        return endpoints;
    }
}
