using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Form;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary><c>start batch NAME</c>: answers the batch form, after checking the person, the name and the target.</summary>
/// <remarks>In personal chat a CSV file may come with the command: it is downloaded, kept encrypted for the form, and never shown.</remarks>
public sealed class StartBatchCommand(
    BatchChat chat, TargetLogins target, IOptionsMonitor<Dictionary<string, SourceEndpointOptions>> endpoints, CsvAttachment files, FormUploads uploads) : IChatCommandHandler
{
    public CommandKind Kind => CommandKind.StartBatch;

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var name = command.BatchName!;
        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, activity, "start", null, name, cancellationToken);
        if (!decision.Allowed)
            return OutboundActivity.FromText(decision.Refusal!);
        if (await chat.Store.FindLiveAsync(name, cancellationToken) is { } existing)
            return OutboundActivity.FromText($"A batch named {existing.Name} already exists ({existing.State}). Pick another name, or `remove batch {existing.Name}` first.");
        if (target.Problem is { } problem)
            return OutboundActivity.FromText($"I can't start batches yet: {problem}.");
        var inChannel = ConversationKinds.InChannel(activity);
        AttachedCsv? upload = null;
        if (CsvAttachment.Find(activity) is { } file)
        {
            if (inChannel)
                return OutboundActivity.FromText("I can only read files sent in personal chat: attach the CSV there, or paste it (without passwords) into the form here.");
            var (text, unreadable) = await files.DownloadAsync(file.Url, cancellationToken);
            if (text is null)
                return OutboundActivity.FromText($"I could not read {file.Name}: {unreadable}.");
            upload = new AttachedCsv(uploads.Keep(text), file.Name, CsvAttachment.Summarise(text));
        }

        return CardAttachments.ToActivity(BatchFormCard.Build(new BatchFormView(name, [.. endpoints.CurrentValue.Keys], inChannel, Upload: upload)));
    }
}
