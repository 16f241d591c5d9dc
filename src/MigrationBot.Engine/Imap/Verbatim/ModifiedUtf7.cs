using System.Text;

namespace MigrationBot.Engine.Imap.Verbatim;

/// <summary>
/// Mailbox names as IMAP sends them without UTF8=ACCEPT: modified UTF-7 (RFC 3501 §5.1.3). Printable ASCII stands
/// for itself except '&amp;' (sent as "&amp;-"); any other run of characters is UTF-16BE in modified base64
/// (',' for '/', no padding) between '&amp;' and '-'.
/// </summary>
internal static class ModifiedUtf7
{
    public static string Encode(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        var run = new StringBuilder();
        foreach (var c in name)
        {
            if (c is >= '\x20' and <= '\x7e')
            {
                Flush(run, result);
                result.Append(c == '&' ? "&-" : c.ToString());
            }
            else
            {
                run.Append(c);
            }
        }

        Flush(run, result);
        return result.ToString();
    }

    private static void Flush(StringBuilder run, StringBuilder result)
    {
        if (run.Length == 0)
            return;
        var base64 = Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes(run.ToString())).TrimEnd('=').Replace('/', ',');
        result.Append('&').Append(base64).Append('-');
        run.Clear();
    }
}
