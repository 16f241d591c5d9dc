namespace MigrationBot.Notices.Email;

/// <summary>How email notices are sent.</summary>
public enum EmailVia
{
    /// <summary>Graph <c>sendMail</c> from <see cref="NoticeEmailOptions.Sender"/>'s mailbox (application permission Mail.Send).</summary>
    Graph,

    /// <summary>The SMTP server of <c>Notices:Smtp</c> (MailKit).</summary>
    Smtp,
}

/// <summary><c>Notices:Email</c>: the way email notices go when Teams cannot deliver them.</summary>
public sealed class NoticeEmailOptions
{
    /// <summary>
    /// <c>Notices:Email:Via</c>: <c>Graph</c> or <c>Smtp</c>. Unset: Graph when Graph is configured and a
    /// <see cref="Sender"/> is set, else SMTP when <c>Notices:Smtp:Host</c> is set, else no email.
    /// </summary>
    public EmailVia? Via { get; set; }

    /// <summary>
    /// <c>Notices:Email:Sender</c>: the mailbox Graph sends from (its address or object id), e.g. a shared mailbox
    /// <c>it-notices@contoso.com</c>. An application access policy can limit Mail.Send to this mailbox.
    /// </summary>
    public string? Sender { get; set; }
}
