using MigrationBot.Cards.Model;

using static MigrationBot.Batches.Form.BatchFormFields;

namespace MigrationBot.Batches.Form;

/// <summary>What the batch form shows: for which batch, where, what was typed before and what was wrong with it.</summary>
/// <param name="Endpoints">The saved source endpoints, by name.</param>
/// <param name="InChannel">In a channel or group chat the form takes no per-user passwords.</param>
/// <param name="Note">A line above the buttons, e.g. the connection test's answer.</param>
public sealed record BatchFormView(
    string BatchName,
    IReadOnlyList<string> Endpoints,
    bool InChannel,
    BatchFormValues? Values = null,
    IReadOnlyList<FormProblem>? Problems = null,
    string? Note = null,
    bool NoteIsGood = false,
    string? OriginConversationId = null,
    AttachedCsv? Upload = null);

/// <summary>A CSV file attached in personal chat and kept (encrypted) for the form: what the form says of it.</summary>
public sealed record AttachedCsv(string Key, string FileName, string Summary);

/// <summary>
/// The batch form (Adaptive Card 1.5, Action.Execute): the source endpoint and its credentials, the users as an
/// Exchange IMAP-migration CSV, folders, limits, times and approvers. Shown again with every problem after a
/// refused submit, filled with what was typed except passwords.
/// </summary>
public static class BatchFormCard
{
    public static AdaptiveCard Build(BatchFormView view)
    {
        var values = view.Values;
        var problems = view.Problems ?? [];
        string? Value(string field, string? fallback = null) => values?[field] ?? fallback;
        string? ErrorOf(string field) => problems.FirstOrDefault(p => p.Field == field)?.Message;

        var body = new List<CardElement>
        {
            new TextBlock($"New migration batch: {view.BatchName}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock("Mail moves from the IMAP source below into Microsoft 365. Nothing is created until you press Create batch and every field checks out.")
            {
                IsSubtle = true, Wrap = true,
            },
        };
        if (problems.Count > 0)
        {
            body.Add(new Container([
                new TextBlock(problems.Count == 1 ? "1 problem to fix; nothing was created:" : $"{problems.Count} problems to fix; nothing was created:")
                {
                    Weight = TextWeight.Bolder, Color = TextColor.Attention, Wrap = true,
                },
                .. problems.Take(30).Select(p => (CardElement)new TextBlock("• " + p.Message) { Color = TextColor.Attention, Wrap = true, Spacing = Spacing.None }),
            ]) { Style = ContainerStyle.Attention });
        }

        body.Add(Section("Source server"));
        body.Add(new ChoiceSetInput([.. view.Endpoints.Select(e => new Choice($"Saved endpoint: {e}", e)), new Choice("Another server (enter it below)", OtherEndpoint)])
        {
            Id = EndpointChoice, Label = "IMAP endpoint", Value = Value(EndpointChoice, view.Endpoints.FirstOrDefault() ?? OtherEndpoint), Style = ChoiceInputStyle.Compact,
        });
        body.Add(new TextInput { Id = HostName, Label = "Host (another server only)", Placeholder = "imap.contoso.com", Value = Value(HostName), ErrorMessage = ErrorOf(HostName) });
        body.Add(new TextInput { Id = Port, Label = "Port", Placeholder = "993", Value = Value(Port), ErrorMessage = ErrorOf(Port) });
        body.Add(new ChoiceSetInput([new("SSL (implicit TLS, port 993)", "Ssl"), new("TLS (STARTTLS, port 143)", "Tls"), new("None (plain text)", "None")])
        {
            Id = Security, Label = "Security", Value = Value(Security, "Ssl"), Style = ChoiceInputStyle.Compact,
        });

        body.Add(Section("Credentials"));
        var credentialChoices = new List<Choice>();
        if (!view.InChannel)
            credentialChoices.Add(new Choice("Each user's password, from the CSV", PerUserPasswords));
        credentialChoices.Add(new Choice("Admin: Dovecot master user (user*admin)", "Dovecot"));
        credentialChoices.Add(new Choice("Admin: Exchange (Domain/Admin/User)", "Exchange"));
        credentialChoices.Add(new Choice("Admin: Mirapoint (#user@domain#admin#)", "Mirapoint"));
        body.Add(new ChoiceSetInput(credentialChoices)
        {
            Id = Credentials, Label = "How to log in to each mailbox", Value = Value(Credentials, credentialChoices[0].Value), Style = ChoiceInputStyle.Compact,
        });
        body.Add(new TextInput { Id = AdminUser, Label = "Admin user (admin forms; empty: the saved endpoint's)", Value = Value(AdminUser), ErrorMessage = ErrorOf(AdminUser) });
        body.Add(new TextInput { Id = AdminPasswordInput, Label = "Admin password (never shown again)", Style = TextInputStyle.Password, ErrorMessage = ErrorOf(AdminPasswordInput) });
        if (view.InChannel)
        {
            body.Add(new TextBlock("Passwords don't belong in a channel: here the CSV has no Password column and an admin logs in for every user. For per-user passwords, press Continue in personal chat: the form moves to your chat with MigrationBot and the progress card stays here.")
            {
                IsSubtle = true, Wrap = true,
            });
        }

        body.Add(Section("Users"));
        if (view.Upload is { } upload)
            body.Add(new TextBlock($"Attached: {upload.FileName} ({upload.Summary}). Leave the box below empty to use it, or paste another CSV.") { Wrap = true, Color = TextColor.Good });
        body.Add(new TextInput
        {
            Id = Csv,
            Label = view.InChannel ? "CSV: EmailAddress,UserName[,UserRoot]" : "CSV: EmailAddress,UserName,Password[,UserRoot] (no Password column with admin credentials)",
            Placeholder = view.InChannel ? "EmailAddress,UserName\nann@contoso.com,ann" : "EmailAddress,UserName,Password\nann@contoso.com,ann,secret",
            IsMultiline = true,
            IsRequired = view.Upload is null,
            Value = Value(Csv) is null ? null : values!.Raw(Csv),
            ErrorMessage = ErrorOf(Csv) ?? "Paste the users' CSV.",
        });

        body.Add(Section("Options"));
        body.Add(new TextInput { Id = ExcludedFolders, Label = "Excluded folders (comma-separated; Folder/* for a subtree, #JunkEmail# for well-known ones)", Value = Value(ExcludedFolders) });
        body.Add(new TextInput { Id = MaxMessageSizeMb, Label = "Largest message to copy, MB (1-150)", Value = Value(MaxMessageSizeMb, "35"), ErrorMessage = ErrorOf(MaxMessageSizeMb) });
        body.Add(new TextInput { Id = MaxConcurrent, Label = "Mailboxes at once (1-100)", Value = Value(MaxConcurrent, "10"), ErrorMessage = ErrorOf(MaxConcurrent) });
        body.Add(new TextInput { Id = IntervalHours, Label = "Incremental sync every (hours)", Value = Value(IntervalHours, "24"), ErrorMessage = ErrorOf(IntervalHours) });
        body.Add(new DateInput { Id = StartDate, Label = "Start on (empty: now)", Value = Value(StartDate), ErrorMessage = ErrorOf(StartDate) });
        body.Add(new TimeInput { Id = StartTime, Label = "Start at", Value = Value(StartTime) });
        body.Add(new DateInput { Id = CutoverDate, Label = "Cutover on", Value = Value(CutoverDate), ErrorMessage = ErrorOf(CutoverDate) });
        body.Add(new TimeInput { Id = CutoverTime, Label = "Cutover at", Value = Value(CutoverTime) });
        body.Add(new TextInput { Id = TimeZoneName, Label = "Time zone of these times (e.g. Europe/Berlin)", Value = Value(TimeZoneName, "UTC"), ErrorMessage = ErrorOf(TimeZoneName) });
        body.Add(new ToggleInput("Stop the whole batch if any user fails preflight (otherwise that user waits and the others go on)")
        {
            Id = PreflightBlocks, Value = Value(PreflightBlocks, "false"), ValueOn = "true", ValueOff = "false",
        });
        body.Add(new TextInput { Id = Approvers, Label = "Approvers besides the configured ones (Entra object ids, comma-separated)", Value = Value(Approvers), ErrorMessage = ErrorOf(Approvers) });

        if (view.Note is not null)
            body.Add(new TextBlock(view.Note) { Wrap = true, Color = view.NoteIsGood ? TextColor.Good : TextColor.Attention, Separator = true });

        var data = new Dictionary<string, string> { [BatchName] = view.BatchName };
        if (view.OriginConversationId is { } origin)
            data[OriginConversation] = origin;
        if (view.Upload is { } attached)
            data[UploadKey] = attached.Key;
        var actions = new List<CardAction>
        {
            new ExecuteAction("Create batch", SubmitVerb) { Style = ActionStyle.Positive, Data = data },
            new ExecuteAction("Test connection", TestConnectionVerb) { Data = data },
        };
        if (view.InChannel)
            actions.Add(new ExecuteAction("Continue in personal chat", ContinueInPersonalChatVerb) { Data = data, AssociatedInputs = "none" });
        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            FallbackText = $"The form for batch {view.BatchName}.",
        };
    }

    private static TextBlock Section(string title) =>
        new(title) { Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.Medium, Wrap = true };
}
