namespace MigrationBot.Cli.Input;

/// <summary>How the CLI logs in to the target mailboxes.</summary>
public enum TargetAuth
{
    /// <summary>Exchange Online: SASL XOAUTH2 with an app-only token (client credentials, IMAP.AccessAsApp).</summary>
    Xoauth2,
    /// <summary>An administrator (master user) authenticates for each mailbox (SASL PLAIN authorization identity).</summary>
    Master,
    /// <summary>Each target mailbox logs in as itself with the CSV's EmailAddress and Password (IMAP-to-IMAP moves).</summary>
    Password,
}
