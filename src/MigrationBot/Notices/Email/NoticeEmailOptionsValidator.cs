using Microsoft.Extensions.Options;
using MigrationBot.Graph;

namespace MigrationBot.Notices.Email;

/// <summary>
/// At start-up: a way named in <c>Notices:Email:Via</c> must be usable. Unset, whatever is configured is used, and no
/// email at all is a reason on each undelivered notice rather than a refusal to start.
/// </summary>
internal sealed class NoticeEmailOptionsValidator(IOptions<SmtpOptions> smtp, GraphAccess graph) : IValidateOptions<NoticeEmailOptions>
{
    public ValidateOptionsResult Validate(string? name, NoticeEmailOptions options)
    {
        if (options.Via is null)
            return ValidateOptionsResult.Success;
        var (_, unavailable) = EmailRoute.Choose(options, smtp.Value, graph.Client is not null);
        return unavailable is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unavailable);
    }
}
