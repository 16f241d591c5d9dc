namespace MigrationBot.Hosting;

/// <summary>
/// <c>MigrationBot.Host --probe URL</c>: asks URL once and exits 0 when it answers 2xx, 1 otherwise, without building
/// the web host. It is the container's <c>HEALTHCHECK</c>: the ASP.NET runtime image has no curl or wget, and a probe
/// in the host itself needs nothing more in the image.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--probe";

    /// <summary>A probe gets an answer within this, or counts as unhealthy (Docker's own default timeout is 30 s).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static bool IsProbe(string[] args) => args.Length > 0 && args[0] == Argument;

    /// <returns>0 healthy, 1 unhealthy or unreachable, 2 a bad command line.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        if (args.Length != 2 || !Uri.TryCreate(args[1], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await output.WriteLineAsync($"usage: MigrationBot.Host {Argument} http://127.0.0.1:8080/healthz");
            return 2;
        }

        // A one-shot process, so a plain HttpClient: there is no host and no IHttpClientFactory in this mode.
        using var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var healthy = response.IsSuccessStatusCode;
            await output.WriteLineAsync($"{(healthy ? "healthy" : "unhealthy")}: {url} answered {(int)response.StatusCode}");
            return healthy ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"unhealthy: {url} did not answer ({ex.GetType().Name}: {ex.Message})");
            return 1;
        }
    }
}
