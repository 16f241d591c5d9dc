using System.Text.Json.Nodes;
using MigrationBot.Tests.BotFramework.Auth;

namespace MigrationBot.Tests.Hosting;

/// <summary>Activities shaped like the ones Teams and the Agents Playground send (BOTFRAMEWORK.md §2.3).</summary>
public static class TestActivities
{
    public const string BotId = "28:" + TestIssuer.AppId;
    public const string TenantId = "tenant-0001";

    public static JsonObject Message(string text, string conversationId = "a:personal-1", string serviceUrl = TestIssuer.ServiceUrl, string channelId = "msteams") => new()
    {
        ["type"] = "message",
        ["id"] = "activity-" + Guid.NewGuid().ToString("N"),
        ["text"] = text,
        ["channelId"] = channelId,
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:user-1", ["name"] = "Alex Wilber", ["aadObjectId"] = "aad-user-1" },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "MigrationBot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        ["localTimezone"] = "Europe/Paris",
    };

    public static JsonObject Invoke(string verb, JsonObject? data = null, string name = "adaptiveCard/action", string serviceUrl = TestIssuer.ServiceUrl)
    {
        var activity = Message(text: "", serviceUrl: serviceUrl);
        activity.Remove("text");
        activity["type"] = "invoke";
        activity["name"] = name;
        activity["replyToId"] = "1795731380998";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = "Explain", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
        };
        return activity;
    }
}
