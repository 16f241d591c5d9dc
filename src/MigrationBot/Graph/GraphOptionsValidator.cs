using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationBot.Graph;

/// <summary>Refuses <c>Graph:DangerouslyUseLoopbackWithoutToken</c> outside Development, or with a Graph that is not on this machine.</summary>
internal sealed class GraphOptionsValidator(IHostEnvironment environment) : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = new List<string>();
        if (!options.BaseUrl.IsAbsoluteUri)
            failures.Add("Graph:BaseUrl must be an absolute URL, e.g. https://graph.microsoft.com/v1.0.");
        if (options.DangerouslyUseLoopbackWithoutToken && !environment.IsDevelopment())
        {
            failures.Add(
                $"Graph:DangerouslyUseLoopbackWithoutToken is true but the environment is '{environment.EnvironmentName}'. " +
                "This switch calls Graph without a token, for the local demo's Graph stand-in, and is honoured only when " +
                "ASPNETCORE_ENVIRONMENT=Development. Remove it from this environment's configuration.");
        }

        if (options.DangerouslyUseLoopbackWithoutToken && options.BaseUrl.IsAbsoluteUri && !IsLoopback(options.BaseUrl))
        {
            failures.Add(
                $"Graph:DangerouslyUseLoopbackWithoutToken is true but Graph:BaseUrl ({options.BaseUrl.GetLeftPart(UriPartial.Authority)}) is not a loopback " +
                "http(s) URL. The switch is only for a Graph stand-in on this machine (e.g. http://127.0.0.1:PORT/v1.0); for Microsoft Graph, " +
                "remove it and set Graph:TenantId, Graph:ClientId and Graph:ClientSecret.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>http or https to localhost, 127.0.0.0/8 or ::1 (<see cref="Uri.IsLoopback"/>).</summary>
    public static bool IsLoopback(Uri baseUrl) =>
        baseUrl.IsAbsoluteUri && baseUrl.Scheme is "http" or "https" && baseUrl.IsLoopback;

    /// <summary>The switch is on, in Development, for a loopback URL: checked again where the credential is chosen, so no path depends on one check.</summary>
    public static bool Honoured(GraphOptions options, IHostEnvironment environment) =>
        options.DangerouslyUseLoopbackWithoutToken && environment.IsDevelopment() && IsLoopback(options.BaseUrl);
}
