using Microsoft.Extensions.Options;

namespace MigrationBot.Telemetry;

/// <summary>
/// <c>Metrics:*</c>: where the Prometheus scrape endpoint answers. Counts only, no names of people or mailboxes beyond
/// target host names, but not for the public either: in a container, give it a port of its own (<see cref="Port"/>,
/// also listed in <c>ASPNETCORE_URLS</c>) that only the scraper can reach, and publish only the bot's port.
/// </summary>
public sealed class MetricsOptions
{
    /// <summary><c>Metrics:Enabled</c>: false serves no scrape endpoint (the instruments still count, for other listeners).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Metrics:Path</c>: the scrape endpoint's path.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// <c>Metrics:Port</c>: when set, the endpoint answers only on connections to this local port (the socket's, not
    /// the Host header's, which the caller chooses); on any other port the path is unknown (404).
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Whether a request to <paramref name="path"/> on local port <paramref name="localPort"/> is a scrape.</summary>
    public bool Serves(string path, int localPort) =>
        Enabled && string.Equals(path, Path, StringComparison.OrdinalIgnoreCase) && (Port is not { } port || port == localPort);

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Path) || !Path.StartsWith('/'))
            yield return $"Metrics:Path must start with '/', not '{Path}'.";
        if (Port is < 1 or > 65535)
            yield return $"Metrics:Port must be a TCP port (1-65535), not {Port}.";
    }
}

/// <summary>Refuses a scrape path or port that cannot work, naming it, at start-up.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
