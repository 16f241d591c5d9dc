using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.IntegrationTests.Playground;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>Drives a wave in an in-process host as a person in Teams would: card presses, then waiting on the store.</summary>
internal static class WaveDriver
{
    public const string Tenant = "00000000-0000-0000-0000-0000000000001";

    /// <summary>A press of a card button (<paramref name="verb"/>) by <paramref name="objectId"/> in the IT channel or a personal chat.</summary>
    public static async Task<AdaptiveCardInvokeResponse> PressAsync(
        InProcessBot bot, string verb, object data, string objectId, CancellationToken cancellationToken, string conversationType = "channel")
    {
        var press = new InboundActivity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            ChannelId = "msteams",
            From = new ChannelAccount { Id = "29:" + objectId, AadObjectId = objectId, Name = "Person " + objectId[^2..] },
            Conversation = new ConversationAccount { Id = "19:it-channel@thread.tacv2", TenantId = Tenant, ConversationType = conversationType },
            ChannelData = new TeamsChannelData { Tenant = new TeamsEntity { Id = Tenant } },
        };
        return await bot.Services.GetRequiredService<CardActionRouter>().RouteAsync(verb, JsonSerializer.SerializeToElement(data), press, cancellationToken)
            ?? throw new InvalidOperationException($"no handler for {verb}");
    }

    /// <summary>Polls the store (through an outage of its database too) until the live batch <paramref name="name"/> reaches a state.</summary>
    public static async Task<Batch> WaitForAsync(IBatchStore store, string name, Func<MigrationBot.Batches.Lifecycle.BatchState, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await store.FindLiveAsync(name, cancellationToken) is { } batch && reached(batch.State))
                    return batch;
            }
            catch (System.Data.Common.DbException)
            {
                // The database is away; the batch is read again once it is back.
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
