using System.Text.Json;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Chat;

/// <summary>Routes Action.Execute presses to the <see cref="ICardActionHandler"/> of their verb.</summary>
public sealed class CardActionRouter(IEnumerable<ICardActionHandler> handlers)
{
    private readonly Dictionary<string, ICardActionHandler> _byVerb = handlers
        .GroupBy(h => h.Verb, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The handler's answer, or <see langword="null"/> when no handler knows the verb.</summary>
    public async Task<AdaptiveCardInvokeResponse?> RouteAsync(string? verb, JsonElement data, InboundActivity activity, CancellationToken cancellationToken)
    {
        if (verb is null || !_byVerb.TryGetValue(verb, out var handler))
        {
            return null;
        }

        return await handler.HandleAsync(new CardActionRequest(verb, data, activity), cancellationToken);
    }

    /// <summary>Reads <c>value.action.{verb,data}</c> of an <c>adaptiveCard/action</c> invoke.</summary>
    public static (string? Verb, JsonElement Data) ReadAction(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return (null, default);
        }

        var verb = action.TryGetProperty("verb", out var vb) && vb.ValueKind == JsonValueKind.String ? vb.GetString() : null;
        var data = action.TryGetProperty("data", out var d) ? d : default;
        return (verb, data);
    }
}
