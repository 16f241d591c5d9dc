using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Typed client of the Agents Playground's HTTP API: acts as the Teams user without a browser
/// (BOTFRAMEWORK.md §2.6). The bot's replies are read from the events recording, not from here.
/// </summary>
internal sealed class PlaygroundClient(HttpClient http)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PlaygroundTenant> GetTestConfigAsync(CancellationToken cancellationToken)
    {
        var config = await http.GetFromJsonAsync<PlaygroundTestConfig>("_internal/v1/testConfig", Json, cancellationToken);
        return config?.Config ?? throw new InvalidOperationException("the Playground answered an empty testConfig");
    }

    /// <summary>Posts a chat message as the current user, as if typed in the compose box.</summary>
    public Task<PlaygroundMessageSent> SendMessageAsync(string conversationId, PlaygroundMessage message, CancellationToken cancellationToken) =>
        PostAsync<PlaygroundMessageSent>(
            "send message",
            $"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages",
            JsonContent.Create(message, options: Json),
            cancellationToken);

    /// <summary>Presses a card button the way the UI does: an invoke; answers the bot's invoke response body.</summary>
    public Task<JsonElement> InvokeAsync(PlaygroundInvoke invoke, CancellationToken cancellationToken) =>
        PostAsync<JsonElement>("invoke", "_conversation/v1/invoke", JsonContent.Create(invoke, options: Json), cancellationToken);

    /// <summary>"Mock an Activity": forwards the JSON to the bot verbatim.</summary>
    public async Task SendCustomActivityAsync(JsonObject activity, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(
            new Uri("_internal/v1/customActivities", UriKind.Relative),
            new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            cancellationToken);
        await EnsureSuccessAsync("custom activity", response, cancellationToken);
    }

    private async Task<T> PostAsync<T>(string operation, string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        await EnsureSuccessAsync(operation, response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidOperationException($"the Playground answered an empty body to {operation}");
    }

    private static async Task EnsureSuccessAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new PlaygroundApiException(operation, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }
}
