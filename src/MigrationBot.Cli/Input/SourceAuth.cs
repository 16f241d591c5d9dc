namespace MigrationBot.Cli.Input;

/// <summary>How the CLI logs in to the source mailboxes.</summary>
public enum SourceAuth
{
    /// <summary>The CSV's UserName and Password (admin forms included).</summary>
    Password,
    /// <summary>A Microsoft 365 source: SASL XOAUTH2 with an app-only token for the CSV's UserName.</summary>
    Xoauth2,
}
