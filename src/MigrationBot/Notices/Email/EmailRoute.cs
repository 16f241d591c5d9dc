namespace MigrationBot.Notices.Email;

/// <summary>Which way email notices go, from configuration (<see cref="NoticeEmailOptions.Via"/>'s rules); none, with what to set.</summary>
public static class EmailRoute
{
    /// <param name="graphConfigured">Whether Graph has credentials (<c>Graph:*</c> or <c>Target</c>'s).</param>
    /// <returns>The way, or null with the reason no email can be sent.</returns>
    public static (EmailVia? Via, string? Unavailable) Choose(NoticeEmailOptions email, SmtpOptions smtp, bool graphConfigured)
    {
        var hasSender = !string.IsNullOrWhiteSpace(email.Sender);
        var hasSmtp = !string.IsNullOrWhiteSpace(smtp.Host);
        return email.Via switch
        {
            EmailVia.Graph when !graphConfigured => (null, "Notices:Email:Via is Graph, but Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret, or Target's)"),
            EmailVia.Graph when !hasSender => (null, "Notices:Email:Via is Graph, but no sender mailbox is set (Notices:Email:Sender)"),
            EmailVia.Graph => (EmailVia.Graph, null),
            EmailVia.Smtp when !hasSmtp => (null, "Notices:Email:Via is Smtp, but no SMTP server is set (Notices:Smtp:Host)"),
            EmailVia.Smtp => (EmailVia.Smtp, null),
            _ when graphConfigured && hasSender => (EmailVia.Graph, null),
            _ when hasSmtp => (EmailVia.Smtp, null),
            _ => (null, graphConfigured
                ? "no email is configured: set Notices:Email:Sender (a mailbox Graph sends from, with the application permission Mail.Send) or Notices:Smtp:Host"
                : "no email is configured: set Notices:Smtp:Host, or configure Graph and Notices:Email:Sender"),
        };
    }
}
