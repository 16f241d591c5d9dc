using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MigrationBot.Tests.Graph;

/// <summary>
/// <c>POST /users/{sender}/sendMail</c> in Graph v1.0's shape: 202 Accepted with no body for a sender in
/// <see cref="Users"/> with a mailbox, 404 ErrorInvalidUser for anyone else, 403 when <see cref="RefuseMail"/>, 400
/// without a message or recipients. The action's parameters are read whatever their case, as Graph does: its metadata
/// names them <c>Message</c> and <c>SaveToSentItems</c> (what the SDK sends), its docs <c>message</c> and <c>saveToSentItems</c>.
/// </summary>
public sealed partial class FakeGraph
{
    /// <summary>sendMail answers 403, as without Mail.Send.</summary>
    public bool RefuseMail { get; set; }

    /// <summary>Each accepted sendMail, as read from its body.</summary>
    public List<SentMessage> SentMail { get; } = [];

    private void MapMail(WebApplication app) =>
        app.MapPost("/v1.0/users/{sender}/sendMail", (string sender, HttpContext context) => SendMail(sender, BodyOf(context)));

    private IResult SendMail(string sender, string? body)
    {
        if (RefuseMail)
            return Error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        if (!Users.TryGetValue(sender, out var user) || !user.Mailbox)
            return Error(404, "ErrorInvalidUser", $"The requested user '{sender}' is invalid.");
        using var json = JsonDocument.Parse(body ?? "{}");
        if (Parameter(json.RootElement, "message") is not { ValueKind: JsonValueKind.Object } message)
            return Error(400, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
        var to = message.TryGetProperty("toRecipients", out var recipients) && recipients.ValueKind == JsonValueKind.Array
            ? recipients.EnumerateArray().Select(r => r.GetProperty("emailAddress").GetProperty("address").GetString()!).ToList()
            : [];
        if (to.Count == 0)
            return Error(400, "ErrorInvalidRecipients", "At least one recipient is not valid., Recipient is missing.");
        var itemBody = message.GetProperty("body");
        lock (SentMail)
        {
            SentMail.Add(new SentMessage(
                sender,
                message.GetProperty("subject").GetString(),
                itemBody.GetProperty("contentType").GetString(),
                itemBody.GetProperty("content").GetString(),
                to,
                Parameter(json.RootElement, "saveToSentItems")?.GetBoolean()));
        }

        return Results.StatusCode(202);
    }

    private static JsonElement? Parameter(JsonElement body, string name) =>
        body.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value.Clone()).FirstOrDefault();
}

/// <summary>One message FakeGraph accepted for sending.</summary>
public sealed record SentMessage(string Sender, string? Subject, string? ContentType, string? Content, IReadOnlyList<string> To, bool? SaveToSentItems);
