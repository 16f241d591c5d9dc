namespace MigrationBot.IntegrationTests.Servers;

/// <summary>How a test Dovecot instance stores its mail (Dovecot's mail_location format).</summary>
public enum DovecotMailStorage
{
    /// <summary>One file per message (the default, and the only one messages can be placed into as files).</summary>
    Maildir,

    /// <summary>Dovecot's single-dbox: one file per message, with Dovecot's own index as the only record of UIDs.</summary>
    Sdbox,
}
