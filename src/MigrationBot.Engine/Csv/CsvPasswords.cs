namespace MigrationBot.Engine.Csv;

/// <summary>Whether a migration CSV carries a password for each mailbox.</summary>
public enum CsvPasswords
{
    /// <summary>
    /// Exchange's format: a <c>Password</c> column with a password on every row, used to log in as that user
    /// (the CLI, a file sent in personal chat).
    /// </summary>
    Required,

    /// <summary>
    /// No <c>Password</c> column: the endpoint's admin credentials log in for every user (the batch form in a
    /// Teams channel, where passwords must not be pasted). A header with a Password column is a problem, and every
    /// row's <see cref="Mailboxes.MailboxSpec.Password"/> is an empty secret.
    /// </summary>
    Forbidden,
}
