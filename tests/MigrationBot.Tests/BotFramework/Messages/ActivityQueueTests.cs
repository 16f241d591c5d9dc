using System.Text.Json;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework;
using MigrationBot.BotFramework.Messages;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.BotFramework.Messages;

public sealed class ActivityQueueTests
{
    [Fact]
    public void OneConversation_AlwaysLandsInOnePartition_InArrivalOrder()
    {
        var queue = Queue(capacity: 10, workers: 4);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(queue.TryEnqueue(Message("a:same", $"m{i}")));
        }

        var partition = Assert.Single(queue.Partitions, p => p.Count > 0);
        var ids = new List<string?>();
        while (partition.TryRead(out var activity))
        {
            ids.Add(activity.Id);
        }

        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], ids);
    }

    [Fact]
    public void AFullPartition_RefusesMore_WithoutBlocking()
    {
        var queue = Queue(capacity: 2, workers: 1);

        Assert.True(queue.TryEnqueue(Message("a:c", "1")));
        Assert.True(queue.TryEnqueue(Message("a:c", "2")));
        Assert.False(queue.TryEnqueue(Message("a:c", "3")));
        Assert.Equal(2, queue.Enqueued);
    }

    private static ActivityQueue Queue(int capacity, int workers) =>
        new(Options.Create(new BotOptions { ActivityQueueCapacity = capacity, ActivityWorkers = workers }));

    private static InboundActivity Message(string conversationId, string id)
    {
        var json = TestActivities.Message("hi", conversationId);
        json["id"] = id;
        return JsonSerializer.Deserialize(json.ToJsonString(), WireJson.Default.InboundActivity)!;
    }
}
