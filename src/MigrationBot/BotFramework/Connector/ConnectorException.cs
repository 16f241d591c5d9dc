using System.Net;

namespace MigrationBot.BotFramework.Connector;

/// <summary>A Connector call failed for good (not retryable, or retries exhausted).</summary>
public class ConnectorException(string message, HttpStatusCode? statusCode, string? errorCode, int attempts, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
    /// <summary>The Connector's <c>error.code</c>, e.g. <c>ConversationNotFound</c>.</summary>
    public string? ErrorCode { get; } = errorCode;
    public int Attempts { get; } = attempts;
}

/// <summary>
/// 403 <c>MessageWritesBlocked</c>: the user blocked or uninstalled the bot. Not retryable; the caller should
/// fall back to another channel (e.g. email, DESIGN.md §6).
/// </summary>
public sealed class MessageWritesBlockedException(string conversationId, string? errorCode)
    : ConnectorException(
        $"Teams refused the message to conversation {conversationId}: the user blocked or uninstalled the bot (403 MessageWritesBlocked). Use another channel.",
        HttpStatusCode.Forbidden, errorCode, attempts: 1)
{
    public string ConversationId { get; } = conversationId;
}

/// <summary>The target service URL did not come from an authenticated activity or stored reference.</summary>
public sealed class UntrustedServiceUrlException(string serviceUrl)
    : InvalidOperationException($"Refusing to send the bot's token to untrusted service URL '{serviceUrl}'. Only service URLs of authenticated activities or stored conversation references are used.")
{
    public string ServiceUrl { get; } = serviceUrl;
}

/// <summary>
/// An outbound activity over Teams' message size limit, refused before it is sent (Teams would answer 413). A bug in
/// whatever built it: cards that can grow (users, failures) must be capped or paged.
/// </summary>
public sealed class OutboundActivityTooLargeException(string conversationId, int bytes)
    : ConnectorException(
        $"The activity for conversation {conversationId} is {bytes:N0} bytes, over Teams' limit of {ConnectorClient.MaxActivityBytes:N0}: it was not sent. " +
        "This is a bug in the card that was built; please report it.",
        HttpStatusCode.RequestEntityTooLarge, "MessageTooLarge", attempts: 0)
{
    public int Bytes { get; } = bytes;
}
