namespace MigrationBot.Notices;

/// <summary><c>Notices</c>: what every notice says of IT and of the new server, and the email fallback (<c>Notices:Smtp</c>).</summary>
public sealed class NoticeOptions
{
    /// <summary>How users reach IT, e.g. "post in the IT channel or write to it@contoso.com".</summary>
    public string ItContact { get; set; } = "contact your IT department";

    /// <summary>Where the mailbox is now, for mail apps.</summary>
    public string NewServer { get; set; } = "outlook.office365.com, IMAP port 993 with SSL, or add it as a Microsoft 365 account";
}
