namespace MigrationBot.IntegrationTests.Servers;

/// <summary>A passwd-file user of a test Dovecot instance (plain password, loopback only).</summary>
public sealed record DovecotUser(string Name, string Password)
{
    internal void Validate()
    {
        // passwd-file is colon separated, one user a line.
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny([':', '\n', '\r', '*', ' ']) >= 0)
            throw new ArgumentException($"Invalid Dovecot user name '{Name}'.");
        if (Password.IndexOfAny([':', '\n', '\r']) >= 0)
            throw new ArgumentException($"The password of '{Name}' may not contain ':' or line breaks.");
    }
}
