namespace MigrationBot.Batches.Endpoints;

/// <summary>
/// How an administrator logs in on a user's behalf, as Exchange's IMAP migration names the forms (DESIGN.md §2).
/// </summary>
public enum AdminForm
{
    /// <summary>No admin: each user's own password, from the CSV.</summary>
    None,
    /// <summary>Dovecot master user: SASL PLAIN with the user as authorization identity (<c>user*admin</c>).</summary>
    Dovecot,
    /// <summary>Exchange: <c>Domain/Admin/User</c>; the admin user is given as <c>Domain/Admin</c>.</summary>
    Exchange,
    /// <summary>Mirapoint: <c>#user@domain#admin#</c>.</summary>
    Mirapoint,
}
