namespace MigrationBot.Notices;

/// <summary>
/// <c>Notices</c>: what every notice says of IT and of the new server, when the check-in comes, and the email fallback
/// (<c>Notices:Smtp</c>).
/// </summary>
public sealed class NoticeOptions
{
    /// <summary>How users reach IT, e.g. "post in the IT channel or write to it@contoso.com".</summary>
    public string ItContact { get; set; } = "contact your IT department";

    /// <summary>Where the mailbox is now, for mail apps.</summary>
    public string NewServer { get; set; } = "outlook.office365.com, IMAP port 993 with SSL, or add it as a Microsoft 365 account";

    /// <summary>
    /// <c>Notices:CheckInDelay</c> (e.g. <c>00:05:00</c>): the check-in comes this long after the cutover instead of at
    /// 09:00 local the day after. Unset by default; scripts/screenshots.sh sets it so the check-in arrives during its run.
    /// As ever, it is sent only once the batch is completed, so a delay that ends before completion sends none.
    /// </summary>
    public TimeSpan? CheckInDelay { get; set; }

    /// <summary>The longest <see cref="CheckInDelay"/> start-up accepts.</summary>
    public static readonly TimeSpan MaxCheckInDelay = TimeSpan.FromDays(30);
}
