using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Form;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Engine.Imap;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.Notices;
using MigrationBot.Notices.Delivery;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// A migration wave run from the Agents Playground's Announcements channel as people in Teams run it: the form
/// asked for with an @mention, filled and submitted (the Action.Execute invoke, inputs merged into its data), the
/// preflight card and the progress card's updates in place read from the events recording, a press by someone who
/// may not approve, the approver's press, and the wave Completed with every mailbox identical on the target.
/// </summary>
public sealed class BatchWaveEndToEndTests(BatchWaveFixture fixture) : IClassFixture<BatchWaveFixture>, IDisposable
{
    private static readonly TimeSpan WaveTimeout = TimeSpan.FromMinutes(3);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(5));
    private readonly PlaygroundConversation _chat = new(fixture);

    private IBatchStore Store => fixture.Bot.Services.GetRequiredService<IBatchStore>();

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task AWaveStartedInAChannel_RunsFromTheFormToCompleted_RefusesANonApprover_AndEveryMailboxIsIdentical()
    {
        var ct = _timeout.Token;

        // The admin asks for the form in the channel; it arrives in the thread of the post.
        var (thread, formMessage) = await AskInTheChannelAsync("start batch wave2", ct);
        var form = PlaygroundConversation.CardOf(formMessage);
        Assert.Equal("New migration batch: wave2", Title(form));
        Assert.DoesNotContain("Each user's password", form.GetRawText(), StringComparison.Ordinal);

        // Submitted: the form becomes the batch's progress card.
        var created = await PressAsync(BatchWaveFixture.Admin, thread, formMessage.MessageId!, form, "Create batch", ct, new Dictionary<string, string>
        {
            [BatchFormFields.EndpointChoice] = BatchWaveFixture.Endpoint,
            [BatchFormFields.Credentials] = "Dovecot",
            [BatchFormFields.Csv] = fixture.CsvWithoutPasswords(),
        });
        Assert.Equal("Migration batch wave2", Title(created));
        Assert.Contains("Created wave2: 3 users", created.GetRawText(), StringComparison.Ordinal);

        // The preflight card is posted in the same thread.
        var preflight = await fixture.Recording.WaitForAsync(
            "the preflight card of wave2",
            e => e.IsFromBot && e.Request?.Method == "POST" && e.PostsTo(thread) && HasCardTitled(e, "Preflight of wave2"),
            WaveTimeout,
            ct);
        Assert.Contains("All 3 users passed", PlaygroundConversation.CardOf(preflight).GetRawText(), StringComparison.Ordinal);

        // The progress card is updated in place (PUT on the form's message) until every user is synced.
        var synced = await WaitForProgressAsync(thread, formMessage.MessageId!, "Synced: incremental syncs until completion", ct);
        Assert.Equal("3 of 3 synced", Fact(PlaygroundConversation.CardOf(synced), "Users"));
        var updates = ProgressUpdates(thread, formMessage.MessageId!);
        Assert.All(updates, u => Assert.Equal(200, u.Response?.StatusCode));
        Assert.Contains(updates, u => Fact(PlaygroundConversation.CardOf(u), "State") is "Validating: preflight checks" or "Syncing: initial sync");
        var syncedCard = await fixture.Recording.WaitForAsync(
            "the card that wave2 is synced, asking its approvers",
            e => e.IsFromBot && e.Request?.Method == "POST" && e.PostsTo(thread) && HasCardTitled(e, "Batch wave2 is synced"),
            PlaygroundConversation.ReplyTimeout,
            ct);
        Assert.Equal("3 of 3 user(s)", Fact(PlaygroundConversation.CardOf(syncedCard), "Synced"));
        Assert.Contains("Approval requested", PlaygroundConversation.CardOf(syncedCard).GetRawText(), StringComparison.Ordinal);

        // Universal Actions' refresh gives the approver the card with the Approve button.
        var forApprover = await RefreshAsync(BatchWaveFixture.Approver, thread, formMessage.MessageId!, PlaygroundConversation.CardOf(synced), ct);
        CardPress.Button(forApprover, "Approve completion");

        // The approval card with the evidence; pressed by someone who is no approver, it refuses and changes nothing.
        var (approvalThread, approvalMessage) = await AskInTheChannelAsync("complete batch wave2", ct);
        var approval = PlaygroundConversation.CardOf(approvalMessage);
        Assert.Equal("Approve completion of wave2?", Title(approval));
        Assert.Contains("3 of 3 mailboxes are identical", approval.GetRawText(), StringComparison.Ordinal);
        var refused = await PressAsync(BatchWaveFixture.Bystander, approvalThread, approvalMessage.MessageId!, approval, "Approve completion", ct);
        Assert.Equal("Migration batch wave2", Title(refused));
        Assert.Contains(
            $"Refused: Only the batch's approvers may approve its completion; you ({BatchWaveFixture.Bystander.AadObjectId}) are not one of them.",
            refused.GetRawText(),
            StringComparison.Ordinal);
        Assert.DoesNotContain(CardPress.ExecuteActions(refused), a => a.GetProperty("title").GetString() == "Approve completion");
        Assert.Equal(BatchState.Synced, (await Store.FindLiveAsync("wave2", ct))!.State);

        // The approver approves on the progress card; the final sync runs and the batch completes.
        var approved = await PressAsync(BatchWaveFixture.Approver, thread, formMessage.MessageId!, forApprover, "Approve completion", ct);
        Assert.Equal("Completion of wave2 approved", Title(approved));
        Assert.Contains($"Approved by {BatchWaveFixture.Approver.Name}", approved.GetRawText(), StringComparison.Ordinal);
        var summary = await fixture.Recording.WaitForAsync(
            "the summary card that wave2 is Completed",
            e => e.IsFromBot && e.Request?.Method == "POST" && e.PostsTo(thread) && HasCardTitled(e, "Batch wave2 is Completed"),
            WaveTimeout,
            ct);
        Assert.Equal("3 completed, 0 failed, 0 skipped, of 3", Fact(PlaygroundConversation.CardOf(summary), "Users"));
        var completed = await WaitForProgressAsync(thread, formMessage.MessageId!, "Completed", ct);
        Assert.Equal("3 of 3 completed or synced", Fact(PlaygroundConversation.CardOf(completed), "Users"));
        Assert.Equal(BatchState.Completed, (await Store.FindLiveAsync("wave2", ct))!.State);

        AssertMigration.Identical(await fixture.Pair.VerifyAsync(cancellationToken: ct));
    }

    [Fact]
    public async Task AFormWithAnInvalidCsv_ShowsTheCsvLineInTheCard_AndCreatesNothing()
    {
        var ct = _timeout.Token;
        var (thread, formMessage) = await AskInTheChannelAsync("start batch wave3", ct);
        var form = PlaygroundConversation.CardOf(formMessage);

        var answer = await PressAsync(BatchWaveFixture.Admin, thread, formMessage.MessageId!, form, "Create batch", ct, new Dictionary<string, string>
        {
            [BatchFormFields.EndpointChoice] = BatchWaveFixture.Endpoint,
            [BatchFormFields.Credentials] = "Dovecot",
            [BatchFormFields.Csv] = $"EmailAddress,UserName\n{MigrationPair.EmailOf(fixture.Pair.Users[0])},{fixture.Pair.Users[0]}\nnot-an-address,x\n",
        });

        Assert.Equal("New migration batch: wave3", Title(answer));
        Assert.Contains("1 problem to fix; nothing was created:", answer.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("CSV line 3", answer.GetRawText(), StringComparison.Ordinal);
        Assert.Null(await Store.FindLiveAsync("wave3", ct));
        Assert.Empty(ProgressUpdates(thread, formMessage.MessageId!));
    }

    [Fact]
    public async Task ACheckInNotice_ArrivesInTheUsersOneToOneChat_AndTheirSomethingIsMissingAnswerReachesTheItThread()
    {
        var ct = _timeout.Token;
        // The IT thread the batch reports to; Megan has never written to the bot, so her 1:1 chat is opened through it.
        var (thread, _) = await AskInTheChannelAsync("help", ct);
        var address = MigrationPair.EmailOf(fixture.Pair.Users[0]);
        var batch = await Store.CreateAsync(new BatchDraft("wave9", BatchWaveFixture.Admin.AadObjectId,
            new BatchSettings { Source = new ImapEndpoint(fixture.Pair.Source.Host, fixture.Pair.Source.ImapPort, ImapSecurity.None), AdminForm = AdminForm.Dovecot },
            thread, [new DraftUser(address, fixture.Pair.Users[0], null, null)], null), ct);
        await Store.SetProfileAsync(batch.Id, address, new UserProfile(BatchWaveFixture.Approver.AadObjectId, BatchWaveFixture.Approver.Name, "Europe/Berlin", "en-GB"), ct);
        var user = Assert.Single(await Store.UsersAsync(batch.Id, ct));

        var channel = await fixture.Bot.Services.GetRequiredService<NoticeSender>().SendAsync(
            batch, user, NoticeKind.CheckIn, "Megan Bowen, your mailbox moved yesterday. Is everything there: mail, folders, flags?", ct);

        var delivery = Assert.Single(await fixture.Bot.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, ct));
        Assert.True(channel == NoticeChannel.Teams, delivery.Reason);
        Assert.Equal((NoticeKind.CheckIn, true, NoticeChannel.Teams), (delivery.Kind, delivery.Sent, delivery.Channel));
        var notice = await fixture.Recording.WaitForAsync(
            "the check-in card in Megan's 1:1 chat",
            e => e.IsFromBot && e.Request?.Method == "POST" && HasCardTitled(e, "Everything there?"),
            PlaygroundConversation.ReplyTimeout,
            ct);
        Assert.False(notice.PostsTo(thread), $"the check-in went to the IT thread: {notice}");
        Assert.InRange(notice.Response!.StatusCode, 200, 201);

        var chat = Uri.UnescapeDataString(notice.Request!.Url!.Split("/v3/conversations/")[1].Split('/')[0]);
        var answered = await PressAsync(BatchWaveFixture.Approver, chat, notice.MessageId!, PlaygroundConversation.CardOf(notice), "Something is missing", ct,
            new Dictionary<string, string> { [MigrationBot.Notices.Cards.NoticeCard.MissingInputId] = "The folder Archive 2019 is empty" });

        Assert.Equal("Thanks, IT has been told and your mailbox is being synced again.", Title(answered));
        await fixture.Recording.WaitForAsync(
            "Megan's answer in the IT thread",
            e => e.IsFromBot && e.PostsTo(thread) && e.BodyString("text")?.Contains("The folder Archive 2019 is empty", StringComparison.Ordinal) == true,
            PlaygroundConversation.ReplyTimeout,
            ct);
    }

    /// <summary>A new post in the Announcements channel that @mentions the bot; answers its thread and the bot's reply.</summary>
    private async Task<(string Thread, RecordedEvent Reply)> AskInTheChannelAsync(string command, CancellationToken cancellationToken)
    {
        var mention = $"<at>{fixture.Identity.BotName}</at>";
        var inbound = await _chat.SayAsync(
            PlaygroundIdentity.AnnouncementsChannelId,
            $"{mention} {command}",
            cancellationToken,
            [new PlaygroundMention(new PlaygroundAccount(fixture.Identity.BotId, fixture.Identity.BotName), mention)]);
        var reply = await _chat.ReplyToAsync(inbound, cancellationToken);
        Assert.True(reply.PostsTo(inbound.ConversationId!), $"the reply {reply} is not in the thread {inbound.ConversationId}");
        return (inbound.ConversationId!, reply);
    }

    /// <summary>Presses a button of a card in the thread as <paramref name="person"/>; answers the card the bot replaced it with.</summary>
    private async Task<JsonElement> PressAsync(
        PlaygroundPerson person, string thread, string messageId, JsonElement card, string button, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? typed = null)
    {
        var answer = await fixture.Client.InvokeAsync(
            new PlaygroundInvoke("adaptiveCard/action", CardPress.Execute(card, CardPress.Button(card, button), typed), person.Account, new PlaygroundConversationRef(thread), messageId),
            cancellationToken);
        return ReplacementCard(answer, $"{person.Name} pressing {button}");
    }

    /// <summary>What Teams does for a person in <c>refresh.userIds</c> when the card comes into view: the refresh action's invoke.</summary>
    private async Task<JsonElement> RefreshAsync(PlaygroundPerson person, string thread, string messageId, JsonElement card, CancellationToken cancellationToken)
    {
        Assert.True(card.TryGetProperty("refresh", out var refresh), $"the card has no refresh: {card.GetRawText()}");
        var answer = await fixture.Client.InvokeAsync(
            new PlaygroundInvoke("adaptiveCard/action", CardPress.Execute(card, refresh.GetProperty("action")), person.Account, new PlaygroundConversationRef(thread), messageId),
            cancellationToken);
        return ReplacementCard(answer, $"the refresh for {person.Name}");
    }

    private static JsonElement ReplacementCard(JsonElement answer, string what)
    {
        // The Playground hands back the bot's invoke response without its statusCode (§2.10 item 3).
        Assert.True(
            answer.TryGetProperty("type", out var type) && type.GetString() == "application/vnd.microsoft.card.adaptive",
            $"{what} was not answered with a card: {answer.GetRawText()}");
        return answer.GetProperty("value");
    }

    private async Task<RecordedEvent> WaitForProgressAsync(string thread, string messageId, string state, CancellationToken cancellationToken) =>
        await fixture.Recording.WaitForAsync(
            $"an update of the progress card {messageId} to the state \"{state}\"",
            e => IsProgressUpdate(e, thread, messageId) && Fact(PlaygroundConversation.CardOf(e), "State") == state,
            WaveTimeout,
            cancellationToken);

    private List<RecordedEvent> ProgressUpdates(string thread, string messageId) =>
        [.. fixture.Recording.ReadAll().Where(e => IsProgressUpdate(e, thread, messageId))];

    private static bool IsProgressUpdate(RecordedEvent e, string thread, string messageId) =>
        e.IsFromBot && e.Request?.Method == "PUT" && e.PostsTo(thread)
        && e.Request.Url!.EndsWith("/activities/" + Uri.EscapeDataString(messageId), StringComparison.Ordinal);

    private static bool HasCardTitled(RecordedEvent e, string title) =>
        e.Body.ValueKind == JsonValueKind.Object && e.Body.TryGetProperty("attachments", out var attachments) && attachments.GetArrayLength() > 0
        && Title(PlaygroundConversation.CardOf(e)) == title;

    private static string? Title(JsonElement card) => card.GetProperty("body")[0].GetProperty("text").GetString();

    /// <summary>The value of the card's fact titled <paramref name="title"/> (the progress card's FactSet).</summary>
    private static string? Fact(JsonElement card, string title) =>
        card.GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "FactSet")
            .SelectMany(e => e.GetProperty("facts").EnumerateArray())
            .Where(f => f.GetProperty("title").GetString() == title)
            .Select(f => f.GetProperty("value").GetString())
            .FirstOrDefault();
}
