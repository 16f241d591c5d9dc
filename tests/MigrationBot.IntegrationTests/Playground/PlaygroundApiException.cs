using System.Net;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>The Playground's API refused a call; the body says why (e.g. <c>UserNotFound</c>, <c>BadArgument</c>).</summary>
internal sealed class PlaygroundApiException(string operation, HttpStatusCode status, string body)
    : Exception($"Playground {operation} answered {(int)status} {status}: {body}")
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;
}
