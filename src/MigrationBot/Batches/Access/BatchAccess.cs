using Microsoft.Extensions.Options;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Batches.Access;

/// <summary>What a person asks to do to a batch.</summary>
public enum BatchPermission
{
    /// <summary>Start, pause, resume, retry, stop, remove.</summary>
    Administer,
    /// <summary>Approve completion.</summary>
    Approve,
    /// <summary>Read status and progress: anyone in the bot's tenant.</summary>
    Read,
}

/// <summary>The answer to "may this person do that": who they are (for the audit trail) and, when refused, why.</summary>
public sealed record AccessDecision(bool Allowed, string Actor, string? Refusal);

/// <summary>
/// Decides from configuration (<see cref="AuthorizationOptions"/>) and the activity's <c>from.aadObjectId</c> and
/// tenant. A person of another tenant than the bot's (single-tenant bots) may do nothing.
/// </summary>
public sealed class BatchAccess(IOptionsMonitor<AuthorizationOptions> options, IOptions<BotOptions> bot)
{
    public AccessDecision Check(BatchPermission permission, InboundActivity activity, Batch? batch = null)
    {
        var objectId = activity.From?.AadObjectId;
        var actor = objectId is { Length: > 0 } ? $"user:{objectId}" : $"teams:{activity.From?.Id ?? "unknown"}";
        if (bot.Value.MicrosoftAppTenantId is { Length: > 0 } tenant && !string.Equals(tenant, activity.TenantId, StringComparison.OrdinalIgnoreCase))
            return new(false, actor, "You are not in this bot's organisation, so you cannot use its batches.");
        if (permission == BatchPermission.Read)
            return new(true, actor, null);
        if (objectId is not { Length: > 0 })
            return new(false, actor, "Teams did not say who you are (no Entra object id), so I cannot check your permissions.");

        var authorization = options.CurrentValue;
        if (permission == BatchPermission.Administer)
        {
            return Contains(authorization.Admins, objectId)
                ? new(true, actor, null)
                : new(false, actor, $"Only MigrationBot's admins may do that. Ask one to add your Entra object id ({objectId}) to Authorization:Admins.");
        }

        var approvers = authorization.Approvers.Concat(batch?.Settings.Approvers ?? []);
        if (!Contains(approvers, objectId))
            return new(false, actor, $"Only the batch's approvers may approve its completion; you ({objectId}) are not one of them.");
        if (batch is not null && batch.CreatedBy == actor && !authorization.AllowRequesterApproval)
            return new(false, actor, "You started this batch, so another approver must approve its completion.");
        return new(true, actor, null);
    }

    private static bool Contains(IEnumerable<string> ids, string objectId) =>
        ids.Any(id => string.Equals(id.Trim(), objectId, StringComparison.OrdinalIgnoreCase));
}
