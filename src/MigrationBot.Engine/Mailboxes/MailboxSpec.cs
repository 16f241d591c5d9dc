using MigrationBot.Engine.Secrets;

namespace MigrationBot.Engine.Mailboxes;

/// <summary>
/// One mailbox to migrate, as a row of Exchange's IMAP-migration CSV gives it:
/// the target address, the source login (possibly an admin form such as <c>user*admin</c>),
/// its password, and an optional root folder on the source.
/// </summary>
/// <param name="EmailAddress">The target (Exchange Online) mailbox address.</param>
/// <param name="UserName">The source IMAP login, used verbatim (admin forms included).</param>
/// <param name="Password">
/// The source password; never printed. Empty when the CSV was read with <see cref="Csv.CsvPasswords.Forbidden"/>:
/// the endpoint's admin credentials log in instead.
/// </param>
/// <param name="UserRoot">The source folder under which this user's folders live (Courier/Oracle shared folders), or null.</param>
public sealed record MailboxSpec(string EmailAddress, string UserName, Secret Password, string? UserRoot = null);
