using System.Text;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Endpoints;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Batches.Form;

/// <summary>
/// <c>testConnection</c>: connects to the form's source, negotiates TLS, reads CAPABILITY and logs in once (as the
/// CSV's first user, or the admin for them), and answers in the card, which keeps what was typed except passwords.
/// </summary>
public sealed class TestConnectionAction(
    BatchChat chat, TargetLogins target, IOptionsMonitor<Dictionary<string, SourceEndpointOptions>> endpoints, FormUploads uploads, TimeProvider time) : ICardActionHandler
{
    public string Verb => BatchFormFields.TestConnectionVerb;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var submitted = SubmittedForm.Read(request, uploads);
        var (name, values, inChannel) = (submitted.Name, submitted.Values, submitted.InChannel);
        AdaptiveCardInvokeResponse Answer(string note, bool good, IReadOnlyList<FormProblem>? problems = null) =>
            CardAttachments.ReplaceWith(BatchFormCard.Build(submitted.Again(endpoints.CurrentValue.Keys, problems, submitted.PerUserPasswords, note, good)));

        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, request.Activity, "testConnection", null, name, cancellationToken);
        if (!decision.Allowed)
            return Answer(decision.Refusal!, good: false);

        var (form, problems) = BatchFormReader.Read(values, new FormContext(endpoints.CurrentValue, inChannel, target.NeedsUserPasswords, time.GetUtcNow()));
        if (form is null)
            return Answer("Fix the problems above, then test again.", good: false, problems);

        var first = form.Users[0];
        var login = SourceLogins.For(form.Settings.AdminForm, form.Settings.AdminUser, first.UserName, form.AdminPassword ?? first.Password!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            using var client = await ImapSession.OpenAsync(form.Settings.Source, login, timeout.Token);
            var text = new StringBuilder($"Connected to {form.Settings.Source}");
            if (client.SslProtocol != System.Security.Authentication.SslProtocols.None)
                text.Append($" ({client.SslProtocol})");
            text.Append($" and logged in as {login}. The server offers {client.Capabilities}.");
            await client.DisconnectAsync(true, timeout.Token);
            return Answer(text.ToString(), good: true);
        }
        catch (ImapFailure failure)
        {
            return Answer($"The test failed: {failure.Message}", good: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Answer($"The test failed: {form.Settings.Source} did not answer within 20 s. Check the host, port and firewall.", good: false);
        }
    }
}
