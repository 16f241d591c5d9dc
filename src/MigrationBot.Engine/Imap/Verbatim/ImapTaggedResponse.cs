using MailKit.Net.Imap;

namespace MigrationBot.Engine.Imap.Verbatim;

/// <summary>A command's completion (RFC 3501 §7.1): OK, NO or BAD, an optional response code, and the text.</summary>
internal sealed record ImapTaggedResponse(ImapCommandResponse Status, string? Code, string Text)
{
    /// <summary>Parses the part of a tagged line after its tag.</summary>
    public static ImapTaggedResponse Parse(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? rest : rest[..space];
        var text = space < 0 ? "" : rest[(space + 1)..];
        var status = word.ToUpperInvariant() switch
        {
            "OK" => ImapCommandResponse.Ok,
            "NO" => ImapCommandResponse.No,
            "BAD" => ImapCommandResponse.Bad,
            _ => throw new ImapProtocolException($"the server answered a command with '{word}', not OK, NO or BAD"),
        };
        string? code = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                code = text[1..close];
                text = text[(close + 1)..].TrimStart();
            }
        }

        return new ImapTaggedResponse(status, code, text);
    }

    /// <summary>Throws MailKit's own exception for a refusal, so one classifier serves both paths.</summary>
    public ImapTaggedResponse EnsureOk(string command)
    {
        if (Status == ImapCommandResponse.Ok)
            return this;
        var text = Code is null ? Text : $"[{Code}] {Text}";
        throw new ImapCommandException(Status, text, $"The IMAP server replied to the {command} command with a {Status.ToString().ToUpperInvariant()} response: {text}");
    }
}
