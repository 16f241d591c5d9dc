using System.Net.Mail;

namespace MigrationBot.Engine.Csv;

/// <summary>Whether a CSV value is a bare addr-spec (RFC 5322 §3.4.1) such as <c>user@contoso.com</c>.</summary>
internal static class EmailAddressCheck
{
    public static bool IsBareAddress(string value)
    {
        // MailAddress alone accepts display names ("Bob <bob@x.com>"), and domains without a dot; Exchange needs
        // a routable SMTP address, so the parse must give back exactly the input and the domain must look routable.
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ','))
        {
            return false;
        }

        if (!MailAddress.TryCreate(value, out var parsed) || parsed.DisplayName.Length != 0 || parsed.Address != value)
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        var domain = value[(at + 1)..];
        return at > 0
            && value.IndexOf('@') == at
            && domain.Contains('.', StringComparison.Ordinal)
            && !domain.StartsWith('.')
            && !domain.EndsWith('.')
            && !domain.Contains("..", StringComparison.Ordinal);
    }
}
