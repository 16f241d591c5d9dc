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
    public static JsonElement Execute(JsonElement card, JsonElement action) => Execute(card, action, typed: null);

    /// <summary>As a person who first typed <paramref name="typed"/> into the card's inputs (by input id), then pressed.</summary>
    public static JsonElement Execute(JsonElement card, JsonElement action, IReadOnlyDictionary<string, string>? typed)
    {
        var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(d.GetRawText())!.AsObject()
            : [];
        foreach (var input in Inputs(card.GetProperty("body")))
        {
            data[input.GetProperty("id").GetString()!] = JsonNode.Parse(input.GetProperty("value").GetRawText());
        }

        foreach (var (id, text) in typed ?? new Dictionary<string, string>())
        {
            Assert.True(InputIds(card.GetProperty("body")).Contains(id), $"the card has no input {id} to type into");
            data[id] = text;
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

    /// <summary>The card's Action.Execute button titled <paramref name="title"/>; fails the test when there is none.</summary>
    public static JsonElement Button(JsonElement card, string title)
    {
        var buttons = ExecuteActions(card);
        var button = buttons.FirstOrDefault(a => a.GetProperty("title").GetString() == title);
        Assert.True(
            button.ValueKind == JsonValueKind.Object,
            $"the card has no button \"{title}\"; it has: {string.Join(", ", buttons.Select(a => a.GetProperty("title").GetString()))}");
        return button;
    }

    private static HashSet<string> InputIds(JsonElement elements) =>
        [.. AllInputs(elements).Select(i => i.GetProperty("id").GetString()!)];

    // Inputs with a value, also inside containers and column sets.
    private static IEnumerable<JsonElement> Inputs(JsonElement elements) => AllInputs(elements).Where(i => i.TryGetProperty("value", out _));

    private static IEnumerable<JsonElement> AllInputs(JsonElement elements)
    {
        foreach (var element in elements.EnumerateArray())
        {
            // A Table's "columns" are column definitions, without a type.
            if (element.TryGetProperty("type", out var type) && type.GetString()!.StartsWith("Input.", StringComparison.Ordinal)
                && element.TryGetProperty("id", out _))
            {
                yield return element;
            }

            foreach (var nested in new[] { "items", "columns" })
            {
                if (element.TryGetProperty(nested, out var children) && children.ValueKind == JsonValueKind.Array)
                {
                    foreach (var child in AllInputs(children))
                    {
                        yield return child;
                    }
                }
            }
        }
    }
}
