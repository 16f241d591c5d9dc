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
/// command was refused, unless it says the server is busy (<c>[UNAVAILABLE]</c> RFC 5530, <c>[THROTTLED]</c>,
/// Exchange's "Request is throttled"), which is transient too.
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
                return new ImapFailure(ImapFailureKind.Transient, $"{context}: server busy ({command.ResponseText})", exception, RetryHint(command.ResponseText), busy: true);
            case ImapCommandException command:
                return new ImapFailure(ImapFailureKind.PerItem, $"{context}: refused by the server ({command.Response} {command.ResponseText})", exception);
            case ImapProtocolException:
            case ServiceNotConnectedException:
            case IOException:
            case SocketException:
            case TimeoutException:
                // Exchange Online may throttle by closing the connection (BYE Request is throttled …).
                return new ImapFailure(ImapFailureKind.Transient, $"{context}: connection lost ({exception.Message})", exception, RetryHint(exception.Message), busy: IsBusy(exception.Message));
            case OperationCanceledException:
                throw exception;
            case Microsoft.Data.Sqlite.SqliteException sqlite:
                return new ImapFailure(
                    ImapFailureKind.Fatal,
                    $"{context}: the ledger could not be read or written ({sqlite.Message}); check the free disk space and the permissions where it is kept. Nothing committed to it is lost.",
                    exception);
            case System.Data.Common.DbException database:
                return new ImapFailure(
                    ImapFailureKind.Fatal,
                    $"{context}: the ledger's database could not be read or written ({database.Message}); it was unreachable for longer than the pass waits, or refused the write. Nothing committed to it is lost.",
                    exception);
            default:
                return new ImapFailure(ImapFailureKind.Fatal, $"{context}: internal error ({exception.GetType().Name}: {exception.Message}); the log has the details", exception);
        }
    }

    /// <summary>
    /// True for an exception <see cref="Classify"/> has no rule for: a bug in MigrationBot rather than a server, a
    /// network, a login or the ledger's disk, so it is worth its stack trace in the log.
    /// </summary>
    public static bool IsUnexpected(Exception exception) =>
        exception is not (ImapFailure or AuthenticationException or SslHandshakeException or ImapCommandException or ImapProtocolException
            or ServiceNotConnectedException or IOException or SocketException or TimeoutException or OperationCanceledException
            or System.Data.Common.DbException);

    /// <summary>
    /// True when a refusal's text says the server is overloaded rather than that the request is wrong. Exchange
    /// Online throttles IMAP with plain text and no response code (<c>NO Request is throttled. Suggested Backoff
    /// Time: 299609 milliseconds</c>, sometimes as BAD followed by BYE); on-premises Exchange says
    /// <c>NO Server Unavailable. 15</c>.
    /// </summary>
    public static bool IsBusy(string? responseText) =>
        responseText is not null &&
        (responseText.Contains("[THROTTLED]", StringComparison.OrdinalIgnoreCase) ||
         responseText.Contains("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase) ||
         responseText.Contains("Request is throttled", StringComparison.OrdinalIgnoreCase) ||
         responseText.Contains("Server Unavailable", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A server's suggested wait, when its text carries one: Exchange Online's <c>Suggested Backoff Time: N
    /// milliseconds</c>, or a trailing number of seconds. Hints beyond ten minutes are not trusted.
    /// </summary>
    public static TimeSpan? RetryHint(string? text)
    {
        if (text is null || !IsBusy(text))
            return null;
        TimeSpan hint;
        if (SuggestedBackoff().Match(text) is { Success: true } suggested &&
            long.TryParse(suggested.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            hint = TimeSpan.FromMilliseconds(Math.Min(milliseconds, (long)MaxHonouredHint.TotalMilliseconds));
        else if (TrailingSeconds().Match(text) is { Success: true } trailing &&
                 int.TryParse(trailing.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            hint = TimeSpan.FromSeconds(seconds);
        else
            return null;
        return hint <= MaxHonouredHint ? hint : MaxHonouredHint;
    }

    [GeneratedRegex(@"Suggested Backoff Time:\s*(\d{1,12})\s*(?:ms|milliseconds)", RegexOptions.IgnoreCase)]
    private static partial Regex SuggestedBackoff();

    [GeneratedRegex(@"(\d{1,5})\s*(?:s|sec|seconds)?\s*\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingSeconds();
}
