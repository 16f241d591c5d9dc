using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MigrationBot.Engine.Imap;

/// <summary>
/// Classifies failures once (STYLE.md habit 6). Following MailKit's own split: an <see cref="ImapProtocolException"/>
/// or I/O failure means the connection is gone (reconnect and retry); an <see cref="ImapCommandException"/> means this
/// command was refused, unless its response code says the server is busy (<c>[UNAVAILABLE]</c> RFC 5530,
/// Exchange's <c>[THROTTLED]</c>), which is transient too.
/// </summary>
public static partial class ImapFailureClassifier
{
    private static readonly TimeSpan MaxHonouredHint = TimeSpan.FromMinutes(10);

    /// <summary>Classifies an exception raised while a session was already established.</summary>
    public static ImapFailure Classify(Exception exception, string context)
    {
        switch (exception)
        {
            case ImapFailure failure:
                return failure;
            case AuthenticationException:
                return new ImapFailure(ImapFailureKind.Authentication, $"{context}: authentication failed", exception);
            case SslHandshakeException:
                return new ImapFailure(ImapFailureKind.Connection, $"{context}: TLS handshake failed ({exception.Message})", exception);
            case ImapCommandException command when IsBusy(command.ResponseText):
                return new ImapFailure(ImapFailureKind.Transient, $"{context}: server busy ({command.ResponseText})", exception, RetryHint(command.ResponseText));
            case ImapCommandException command:
                return new ImapFailure(ImapFailureKind.PerItem, $"{context}: refused by the server ({command.Response} {command.ResponseText})", exception);
            case ImapProtocolException:
            case ServiceNotConnectedException:
            case IOException:
            case SocketException:
            case TimeoutException:
                return new ImapFailure(ImapFailureKind.Transient, $"{context}: connection lost ({exception.Message})", exception, RetryHint(exception.Message));
            case OperationCanceledException:
                throw exception;
            default:
                return new ImapFailure(ImapFailureKind.Fatal, $"{context}: {exception.Message}", exception);
        }
    }

    /// <summary>True when a refusal's text says the server is overloaded rather than that the request is wrong.</summary>
    public static bool IsBusy(string? responseText) =>
        responseText is not null &&
        (responseText.Contains("[THROTTLED]", StringComparison.OrdinalIgnoreCase) ||
         responseText.Contains("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase) ||
         responseText.Contains("Server Unavailable", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A server's suggested wait, when its text carries one (Exchange appends a number of seconds to some
    /// busy responses, e.g. <c>Server Unavailable. 15</c>). Hints beyond ten minutes are not trusted.
    /// </summary>
    public static TimeSpan? RetryHint(string? text)
    {
        if (text is null || !IsBusy(text))
            return null;
        var match = TrailingSeconds().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return null;
        var hint = TimeSpan.FromSeconds(seconds);
        return hint <= MaxHonouredHint ? hint : MaxHonouredHint;
    }

    [GeneratedRegex(@"(\d{1,5})\s*(?:s|sec|seconds)?\s*\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingSeconds();
}
