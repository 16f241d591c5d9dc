using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Builds the <c>value</c> of the <c>adaptiveCard/action</c> invoke a client sends when a user presses an
/// Action.Execute button: <c>{action:{type,title,verb,data}}</c> with the inputs' current values merged into
/// <c>data</c>, as the Playground sent it (BOTFRAMEWORK.md §1.4, §2.3; no <c>trigger</c>, no <c>action.id</c>).
/// </summary>
internal static class CardPress
{
    public static JsonElement Execute(JsonElement card, JsonElement action)
    {
        var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(d.GetRawText())!.AsObject()
            : [];
        foreach (var input in Inputs(card.GetProperty("body")))
        {
            data[input.GetProperty("id").GetString()!] = JsonNode.Parse(input.GetProperty("value").GetRawText());
        }

        var value = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = action.GetProperty("title").GetString(),
                ["verb"] = action.GetProperty("verb").GetString(),
                ["data"] = data,
            },
        };
        return JsonSerializer.SerializeToElement(value);
    }

    /// <summary>The card's Action.Execute buttons, in order.</summary>
    public static IReadOnlyList<JsonElement> ExecuteActions(JsonElement card) =>
        card.TryGetProperty("actions", out var actions)
            ? [.. actions.EnumerateArray().Where(a => a.GetProperty("type").GetString() == "Action.Execute")]
            : [];

    // Inputs with a value, also inside containers and column sets.
    private static IEnumerable<JsonElement> Inputs(JsonElement elements)
    {
        foreach (var element in elements.EnumerateArray())
        {
            if (element.GetProperty("type").GetString()!.StartsWith("Input.", StringComparison.Ordinal)
                && element.TryGetProperty("id", out _) && element.TryGetProperty("value", out _))
            {
                yield return element;
            }

            foreach (var nested in new[] { "items", "columns" })
            {
                if (element.TryGetProperty(nested, out var children) && children.ValueKind == JsonValueKind.Array)
                {
                    foreach (var child in Inputs(children))
                    {
                        yield return child;
                    }
                }
            }
        }
    }
}
