using System.Text;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary><c>endpoints</c>: the saved source endpoints (configuration <c>Endpoints:NAME</c>) and the target. No secrets.</summary>
public sealed class EndpointsCommand(IOptionsMonitor<Dictionary<string, SourceEndpointOptions>> endpoints, IOptions<TargetOptions> target) : IChatCommandHandler
{
    public CommandKind Kind => CommandKind.Endpoints;

    public Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var saved = endpoints.CurrentValue;
        var text = new StringBuilder();
        if (saved.Count == 0)
        {
            text.Append("No saved source endpoints: the batch form takes the server's host, port and security. An admin can save endpoints under Endpoints:NAME in the configuration.\n\n");
        }
        else
        {
            text.Append($"{saved.Count} saved source endpoint(s):\n\n");
            foreach (var (name, e) in saved.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
            {
                text.Append($"- **{name}**: {e.Host}:{e.Port}, {e.Security}, {e.MaxConcurrentMailboxes} mailboxes at once")
                    .Append(e.AdminForm == AdminForm.None ? ", per-user passwords" : $", admin {e.AdminUser} ({e.AdminForm} form)").Append('\n');
            }
        }

        var t = target.Value;
        text.Append($"\nTarget: {t.Host}:{t.Port}, {t.Security}, {t.Auth} logins").Append(t.Problem is { } p ? $" (not usable yet: {p})" : "").Append('.');
        return Task.FromResult(OutboundActivity.FromText(text.ToString()));
    }
}
