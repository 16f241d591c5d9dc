namespace MigrationBot.Notices.Email;

/// <summary>No email way is configured: every send answers why (<see cref="EmailRoute"/>'s reason).</summary>
public sealed class UnavailableNoticeEmail(string reason) : INoticeEmail
{
    public Task<string?> SendAsync(string to, string subject, string text, CancellationToken cancellationToken) => Task.FromResult<string?>(reason);
}
