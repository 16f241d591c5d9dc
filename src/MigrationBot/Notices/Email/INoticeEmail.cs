namespace MigrationBot.Notices.Email;

/// <summary>
/// Sends a notice as a plain-text email: Graph's <c>sendMail</c> (<see cref="GraphNoticeEmail"/>), SMTP
/// (<see cref="SmtpNoticeEmail"/>), or neither (<see cref="UnavailableNoticeEmail"/>), as <see cref="EmailRoute"/> chose.
/// </summary>
public interface INoticeEmail
{
    /// <returns>Null when sent (accepted for delivery); else why not, with what to fix.</returns>
    Task<string?> SendAsync(string to, string subject, string text, CancellationToken cancellationToken);
}
