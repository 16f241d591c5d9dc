using System.Text.Json;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Messages;

/// <summary>The bot's behaviour behind <c>/api/messages</c>; called only for authenticated activities.</summary>
public interface IActivityHandler
{
    /// <summary>An <c>invoke</c>: the answer goes back in the same HTTP response (BOTFRAMEWORK.md §1.4).</summary>
    Task<InvokeResponse> OnInvokeAsync(InboundActivity activity, CancellationToken cancellationToken);

    /// <summary>Any other activity, in the background after the request was acknowledged; replies go through the Connector.</summary>
    Task OnActivityAsync(InboundActivity activity, CancellationToken cancellationToken);
}

/// <summary>The HTTP status and body of an invoke answer.</summary>
public sealed record InvokeResponse(int Status, JsonElement? Body = null)
{
    /// <summary>What botbuilder answers to an invoke it has no handler for.</summary>
    public static readonly InvokeResponse NotImplemented = new(501);
}
