using System.Net;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace MigrationBot.Graph;

/// <summary>What a failed Graph call says, in one line for a reason or a log: status, Graph's error code and message.</summary>
internal static class GraphErrorText
{
    /// <summary>A Graph call's failure rather than a bug: an error answer, the network, the token, a timeout.</summary>
    public static bool IsGraphFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is ApiException or HttpRequestException or AuthenticationFailedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    public static int? Status(Exception ex) => ex is ApiException api ? api.ResponseStatusCode : null;

    /// <summary>E.g. <c>403 Forbidden (Authorization_RequestDenied: Insufficient privileges to complete the operation.)</c>.</summary>
    public static string Of(Exception ex)
    {
        switch (ex)
        {
            case ODataError { Error: { } error } odata:
                return $"{Describe(odata.ResponseStatusCode)} ({error.Code}: {error.Message})";
            case ApiException api:
                return Describe(api.ResponseStatusCode);
            case AuthenticationFailedException:
                // Azure.Identity's message names the tenant and client, never the secret.
                return "no Graph token: " + ex.Message;
            case TaskCanceledException:
                return "Graph did not answer in time";
            default:
                return ex.Message;
        }
    }

    private static string Describe(int status) =>
        Enum.IsDefined((HttpStatusCode)status) ? $"{status} {(HttpStatusCode)status}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
