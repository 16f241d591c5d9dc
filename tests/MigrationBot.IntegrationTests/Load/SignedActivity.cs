using System.Text.Json.Nodes;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>A Teams personal-chat <c>help</c> message and its Connector token, prepared before the clock starts.</summary>
internal sealed record SignedActivity(string Id, string Json, string Token)
{
    public const string TenantId = "4d6a3f3e-2f57-4c43-9c1d-6f1e2b3a4c5d";

    public static SignedActivity Create(string id, int conversation, string appId, string serviceUrl, ChannelSigningKey key, DateTime now)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["timestamp"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = new JsonObject { ["id"] = $"29:load-user-{conversation}", ["name"] = $"Load User {conversation}" },
            ["recipient"] = new JsonObject { ["id"] = $"28:{appId}", ["name"] = "MigrationBot" },
            ["conversation"] = new JsonObject
            {
                ["id"] = $"a:load-conversation-{conversation}",
                ["conversationType"] = "personal",
                ["tenantId"] = TenantId,
            },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            ["text"] = "help",
            ["textFormat"] = "plain",
            ["locale"] = "en-US",
        };
        return new SignedActivity(id, activity.ToJsonString(), key.Sign(appId, serviceUrl, now));
    }
}
