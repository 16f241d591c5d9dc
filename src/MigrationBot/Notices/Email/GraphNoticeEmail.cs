using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;
using MigrationBot.Graph;

namespace MigrationBot.Notices.Email;

/// <summary>
/// Sends a notice as a plain-text email with Graph's <c>POST /users/{sender}/sendMail</c> (202 Accepted), from the
/// <c>Notices:Email:Sender</c> mailbox, not kept in its Sent Items. Needs the application permission Mail.Send.
/// </summary>
public sealed class GraphNoticeEmail(GraphAccess graph, IOptions<NoticeEmailOptions> options) : INoticeEmail
{
    public async Task<string?> SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        if (graph.Client is not { } client)
            return GraphAccess.Missing;
        if (options.Value.Sender is not { Length: > 0 } sender)
            return "no sender mailbox is set for Graph (Notices:Email:Sender)";
        // The SDK writes the action's parameters as its metadata names them (Message, SaveToSentItems); the docs'
        // camelCase is the same to Graph.
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = subject,
                Body = new ItemBody { ContentType = BodyType.Text, Content = text },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = to } }],
            },
            // Hundreds of notices would crowd the sender's Sent Items; the delivery record is the trace.
            SaveToSentItems = false,
        };
        try
        {
            await client.Users[sender.Trim()].SendMail.PostAsync(body, cancellationToken: cancellationToken);
            return null;
        }
        catch (Exception ex) when (GraphErrorText.IsGraphFailure(ex, cancellationToken))
        {
            return GraphErrorText.Status(ex) switch
            {
                403 => $"Graph refused to send from {sender} ({GraphErrorText.Of(ex)}): grant the application permission Mail.Send, " +
                       "and if an application access policy limits it, include this mailbox",
                404 => $"the sender {sender} has no mailbox Graph can send from ({GraphErrorText.Of(ex)}): set Notices:Email:Sender to a licensed or shared mailbox",
                _ => $"email to {to} by Graph failed: {GraphErrorText.Of(ex)}",
            };
        }
    }
}
