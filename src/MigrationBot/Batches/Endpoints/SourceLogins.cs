using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.Batches.Endpoints;

/// <summary>Builds a user's source login from the batch's credential form.</summary>
public static class SourceLogins
{
    /// <param name="userName">The CSV's UserName.</param>
    /// <param name="password">The CSV's Password (per-user form) or the administrator's password.</param>
    public static ImapLogin For(AdminForm form, string? adminUser, string userName, Secret password) => form switch
    {
        AdminForm.None => new PasswordLogin(userName, password),
        AdminForm.Dovecot => new PasswordLogin(Admin(adminUser), password, AuthorizationId: userName),
        AdminForm.Exchange => new PasswordLogin($"{Admin(adminUser)}/{userName}", password),
        AdminForm.Mirapoint => new PasswordLogin($"#{userName}#{Admin(adminUser)}#", password),
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, "unknown admin form"),
    };

    private static string Admin(string? adminUser) =>
        string.IsNullOrWhiteSpace(adminUser) ? throw new ArgumentException("the admin credential form needs the administrator's user name", nameof(adminUser)) : adminUser;
}
