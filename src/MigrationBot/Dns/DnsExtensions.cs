using System.Net;
using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MigrationBot.Dns;

public static class DnsExtensions
{
    /// <summary>The MX check on the configured resolver (<see cref="DnsOptions"/>), no cache: each check asks afresh.</summary>
    public static IServiceCollection AddDnsChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DnsOptions>().Bind(configuration.GetSection("Dns"));
        services.AddSingleton<ILookupClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DnsOptions>>().Value;
            var lookup = options.Server is { Length: > 0 } server
                ? new LookupClientOptions(new NameServer(IPAddress.Parse(server), options.Port))
                : new LookupClientOptions();
            lookup.UseCache = false;
            lookup.Timeout = TimeSpan.FromSeconds(5);
            return new LookupClient(lookup);
        });
        services.AddSingleton<MxCheck>();
        return services;
    }
}
