namespace MigrationBot.Notices.Templates;

/// <summary>The notices' texts unless a batch edits them: short, plain, and saying what the user has to do.</summary>
public static class DefaultTemplates
{
    public static string For(NoticeKind kind) => kind switch
    {
        NoticeKind.Announcement =>
            "Hello {DisplayName}, your mailbox moves to Microsoft 365 on {CutoverLocal}. Until then keep working as usual: " +
            "mail you file, delete or receive now moves too. Folders that will not move: {ExcludedFolders}. {OversizeItems} " +
            "Questions? {ItContact}.",
        NoticeKind.Reminder =>
            "Reminder, {DisplayName}: your mailbox moves to Microsoft 365 on {CutoverLocal}. Nothing to do before then. " +
            "Questions? {ItContact}.",
        NoticeKind.InProgress =>
            "{DisplayName}, your mailbox is moving now. Mail keeps arriving; the last messages follow within the hour.",
        NoticeKind.Moved =>
            "{DisplayName}, your mailbox has moved to Microsoft 365. Sign in as {EmailAddress} in Outlook or at outlook.office.com; " +
            "mail apps on your phone need the account set up again ({NewServer}). Something missing? {ItContact}.",
        NoticeKind.CheckIn =>
            "{DisplayName}, your mailbox moved yesterday. Is everything there: mail, folders, flags?",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown notice"),
    };
}
