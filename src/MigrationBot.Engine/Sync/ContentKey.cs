using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// A message's identity that survives a copy and a changed UIDVALIDITY: the normalised Message-ID, else a hash of
/// the stable headers (Date, From, Subject). Several messages may share a key (duplicates, no Message-ID); the
/// engine never relies on uniqueness, only on finding the same key on both sides.
/// </summary>
public static class ContentKey
{
    /// <summary>The headers a key is built from; fetch exactly these from either server.</summary>
    public static IReadOnlyList<HeaderId> Headers { get; } = [HeaderId.MessageId, HeaderId.Date, HeaderId.From, HeaderId.Subject];

    public static string From(HeaderList headers)
    {
        var messageId = headers[HeaderId.MessageId];
        if (!string.IsNullOrWhiteSpace(messageId))
        {
            var id = Normalise(messageId);
            if (id.Length > 0)
                return "m:" + id;
        }

        var text = new StringBuilder();
        var date = headers[HeaderId.Date];
        text.Append(date is not null && DateUtils.TryParse(date, out var parsed) ? parsed.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : Collapse(date));
        text.Append('\n');
        var from = headers[HeaderId.From];
        text.Append(from is not null && InternetAddressList.TryParse(from, out var addresses)
            ? string.Join(",", addresses.Mailboxes.Select(a => a.Address.ToLowerInvariant()))
            : Collapse(from));
        text.Append('\n').Append(Collapse(headers[HeaderId.Subject]));
        return "h:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 18);
    }

    private static string Normalise(string messageId)
    {
        var value = messageId.Trim();
        var start = value.IndexOf('<', StringComparison.Ordinal);
        var end = value.LastIndexOf('>');
        if (start >= 0 && end > start)
            value = value[(start + 1)..end];
        return string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
    }

    private static string Collapse(string? value) =>
        value is null ? "" : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
