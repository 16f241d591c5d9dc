using System.Globalization;
using System.Text;
using MailKit;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>A message to append while seeding a test mailbox: raw RFC 5322 bytes plus IMAP metadata.</summary>
public sealed record SeedMessage(byte[] Raw)
{
    public MessageFlags Flags { get; init; } = MessageFlags.None;
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The IMAP INTERNALDATE; the server's clock when null.</summary>
    public DateTimeOffset? InternalDate { get; init; }

    /// <summary>A small plain-text message with the given Message-Id (without angle brackets) and Date.</summary>
    public static SeedMessage Text(string messageId, string subject, DateTimeOffset date, string body = "Hello.\r\n")
    {
        var raw = new StringBuilder()
            .Append("From: Sender <sender@example.test>\r\n")
            .Append("To: Recipient <recipient@example.test>\r\n")
            .Append("Subject: ").Append(subject).Append("\r\n")
            .Append("Date: ").Append(date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture))
            .Append(date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal)).Append("\r\n")
            .Append("Message-Id: <").Append(messageId).Append(">\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("\r\n")
            .Append(body.ReplaceLineEndings("\r\n"));
        return new SeedMessage(Encoding.UTF8.GetBytes(raw.ToString())) { InternalDate = date };
    }
}
