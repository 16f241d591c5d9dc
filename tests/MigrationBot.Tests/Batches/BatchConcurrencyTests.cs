using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Batches;

public sealed class BatchConcurrencyTests
{
    private static readonly Dictionary<string, SourceEndpointOptions> Endpoints = new() { ["demo"] = new SourceEndpointOptions { Host = "imap.contoso.com", MaxConcurrentMailboxes = 2 } };

    private static Batch OnDemo(int mailboxesAtOnce) => new(Guid.NewGuid(), "b", BatchState.Syncing, "user:a", default, default,
        new BatchSettings { EndpointName = "demo", Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), MaxConcurrentMailboxes = mailboxesAtOnce }, null, null);

    [Fact]
    public async Task TwoBatchesOnOneEndpoint_ShareTheEndpointsLimit()
    {
        var concurrency = new BatchConcurrency(new EndpointsMonitor(Endpoints));
        var (first, second) = (OnDemo(2), OnDemo(2));
        using var a = await concurrency.AcquireAsync(first, CancellationToken.None);
        using var b = await concurrency.AcquireAsync(second, CancellationToken.None);

        var third = concurrency.AcquireAsync(second, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        a.Dispose();
        using var c = await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OneBatch_NeverRunsMoreThanItsOwnLimit()
    {
        var concurrency = new BatchConcurrency(new EndpointsMonitor(Endpoints));
        var batch = OnDemo(1);
        using var a = await concurrency.AcquireAsync(batch, CancellationToken.None);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => concurrency.AcquireAsync(batch, cancel.Token));

        // The cancelled wait gave back nothing it did not take: another batch still gets the endpoint's second slot.
        using var other = await concurrency.AcquireAsync(OnDemo(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    private sealed class EndpointsMonitor(Dictionary<string, SourceEndpointOptions> value) : IOptionsMonitor<Dictionary<string, SourceEndpointOptions>>
    {
        public Dictionary<string, SourceEndpointOptions> CurrentValue => value;

        public Dictionary<string, SourceEndpointOptions> Get(string? name) => value;

        public IDisposable? OnChange(Action<Dictionary<string, SourceEndpointOptions>, string?> listener) => null;
    }
}
