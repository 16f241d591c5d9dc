using MailKit.Net.Imap;
using MailKit.Security;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Imap;

public sealed class ImapFailureClassifierTests
{
    [Theory]
    [InlineData("[THROTTLED] Request is throttled")]
    [InlineData("[UNAVAILABLE] Try later")]
    [InlineData("Request is throttled. Suggested Backoff Time: 299609 milliseconds")]
    [InlineData("Server Unavailable. 15")]
    public void Classify_BusyRefusal_IsTransient(string text)
    {
        var failure = ImapFailureClassifier.Classify(new ImapCommandException(ImapCommandResponse.No, text), "ann@contoso.com");

        Assert.Equal(ImapFailureKind.Transient, failure.Kind);
    }

    [Fact]
    public void Classify_ExchangeOnlineThrottlingAsBad_IsTransientWithItsSuggestedBackoff()
    {
        // What Exchange Online sends (as NO, or as BAD before closing the connection), with no response code.
        var failure = ImapFailureClassifier.Classify(
            new ImapCommandException(ImapCommandResponse.Bad, "Request is throttled. Suggested Backoff Time: 89117 milliseconds"), "ann@contoso.com");

        Assert.Equal(ImapFailureKind.Transient, failure.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(89117), failure.RetryAfter);
    }

    [Fact]
    public void Classify_OtherRefusal_IsPerItem()
    {
        var failure = ImapFailureClassifier.Classify(new ImapCommandException(ImapCommandResponse.No, "[LIMIT] Message too large"), "ann@contoso.com");

        Assert.Equal(ImapFailureKind.PerItem, failure.Kind);
    }

    [Fact]
    public void Classify_DroppedConnection_IsTransient()
    {
        Assert.Equal(ImapFailureKind.Transient, ImapFailureClassifier.Classify(new ImapProtocolException("BYE"), "x").Kind);
        Assert.Equal(ImapFailureKind.Transient, ImapFailureClassifier.Classify(new IOException("reset"), "x").Kind);
    }

    [Fact]
    public void Classify_UnexpectedException_IsFatalAndSaysItIsAnInternalError()
    {
        var failure = ImapFailureClassifier.Classify(new NullReferenceException("Object reference not set"), "ann@contoso.com");

        Assert.Equal(ImapFailureKind.Fatal, failure.Kind);
        Assert.Equal("ann@contoso.com: internal error (NullReferenceException: Object reference not set); the log has the details", failure.Message);
    }

    [Fact]
    public void Classify_LedgerDiskFull_IsFatalAndSaysWhatToCheck_NotABug()
    {
        var full = new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13);

        var failure = ImapFailureClassifier.Classify(full, "ann@contoso.com");

        Assert.Equal(ImapFailureKind.Fatal, failure.Kind);
        Assert.StartsWith("ann@contoso.com: the ledger could not be read or written (SQLite Error 13: 'database or disk is full'.); check the free disk space", failure.Message, StringComparison.Ordinal);
        Assert.False(ImapFailureClassifier.IsUnexpected(full));
        Assert.True(ImapFailureClassifier.IsUnexpected(new NullReferenceException()));
    }

    [Fact]
    public void Classify_AuthenticationRefused_IsAuthentication()
    {
        Assert.Equal(ImapFailureKind.Authentication, ImapFailureClassifier.Classify(new AuthenticationException("no"), "x").Kind);
    }

    [Theory]
    [InlineData("Server Unavailable. 15", 15)]
    [InlineData("[THROTTLED] retry in 30 seconds", 30)]
    [InlineData("Request is throttled. Suggested Backoff Time: 299000 milliseconds", 299)]
    public void RetryHint_BusyTextWithSeconds_GivesThatWait(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ImapFailureClassifier.RetryHint(text));
    }

    [Fact]
    public void RetryHint_HugeHint_IsCappedAtTenMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), ImapFailureClassifier.RetryHint("[THROTTLED] 99999"));
        Assert.Equal(TimeSpan.FromMinutes(10), ImapFailureClassifier.RetryHint("Request is throttled. Suggested Backoff Time: 3600000 milliseconds"));
    }
}
