using System.Text;

namespace MigrationBot.DemoServers;

/// <summary>The two forms of Exchange's IMAP-migration CSV (<c>EmailAddress,UserName,Password</c>) for the demo users.</summary>
internal static class DemoCsv
{
    private const string Header = "EmailAddress,UserName,Password";

    /// <summary>Each user logs in to the source with their own password.</summary>
    public static string UserPasswords(IEnumerable<DemoSourceUser> users) =>
        Render(users.Select(u => (u.EmailAddress, u.Name, u.Password)));

    /// <summary>The source's master user logs in for each user: Dovecot's <c>user*admin</c> form, the master password on every line.</summary>
    public static string AdminForm(IEnumerable<DemoSourceUser> users, Func<string, string> masterLogin, string masterPassword) =>
        Render(users.Select(u => (u.EmailAddress, masterLogin(u.Name), masterPassword)));

    // The generated passwords and names hold no comma, quote or line break: nothing to quote.
    private static string Render(IEnumerable<(string EmailAddress, string UserName, string Password)> rows)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var (emailAddress, userName, password) in rows)
            csv.Append(emailAddress).Append(',').Append(userName).Append(',').Append(password).Append('\n');
        return csv.ToString();
    }
}
