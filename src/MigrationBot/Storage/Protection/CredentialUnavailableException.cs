namespace MigrationBot.Storage.Protection;

/// <summary>
/// A stored credential that can no longer be decrypted: its Data Protection key is gone (the database was
/// restored without its keys, or another application's keys are in use) or the stored text was altered.
/// Retrying will not help; the batch needs the credentials again. The message never holds the stored text.
/// </summary>
public sealed class CredentialUnavailableException : InvalidOperationException
{
    private const string DefaultMessage =
        "The stored credential can't be decrypted (its encryption key is missing or the stored value was altered): the batch needs the credentials again.";

    public CredentialUnavailableException()
        : base(DefaultMessage)
    {
    }

    public CredentialUnavailableException(Exception innerException)
        : base(DefaultMessage, innerException)
    {
    }

    public CredentialUnavailableException(string message)
        : base(message)
    {
    }

    public CredentialUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
