using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.Engine.Storage;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Playground;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>
/// A mailbox whose lease another pass holds when its sync fires: a replica killed on another machine leaves its hold
/// until it lapses (a replica on this machine is known gone at once). The pass does nothing, the user waits without
/// failing, and the mailbox is tried again once the hold has ended.
/// </summary>
public sealed class HeldMailboxTests
{
    [Fact]
    public async Task MailboxHeldByAPassOfAnotherMachine_WaitsWithoutFailing_AndSyncsOnceTheHoldLapses()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["user1", "user2"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 17, Users = 2, MessagesPerUser = 30 }), cts.Token);
        await using var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Batches:MailboxLeaseSeconds"] = "6",
        }, configure: null, cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();
        var ledger = await bot.Services.GetRequiredService<EngineServices>().LedgerAsync();
        var held = MigrationPair.EmailOf("user1").ToLowerInvariant();
        var heldUntil = DateTimeOffset.UtcNow.AddSeconds(8);
        await using (var connection = await ledger.ConnectAsync(cts.Token))
        {
            await using var plant = connection.CreateCommand();
            plant.CommandText = "INSERT INTO ledger_leases (mailbox, owner, acquired_at, expires_at) VALUES (@m, @o, 0, @e)";
            plant.With("m", held).With("o", $"replica-on-another-node/42/1/{Guid.NewGuid():N}").With("e", heldUntil.ToUnixTimeMilliseconds());
            await plant.ExecuteNonQueryAsync(cts.Token);
        }

        await WaveDriver.PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "held"), WaveSettings.Admin, cts.Token);

        var synced = await WaveDriver.WaitForAsync(store, "held", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);
        var users = await store.UsersAsync(synced.Id, cts.Token);
        Assert.True(synced.State == BatchState.Synced, $"{synced.State}: {string.Join("; ", users.Select(u => $"{u.EmailAddress} {u.State} {u.Reason}"))}");
        var history = await store.HistoryAsync(synced.Id, cts.Token);
        var ofHeld = history.Where(c => c.EmailAddress == held).ToList();
        Assert.Contains(ofHeld, c => c.From == nameof(UserState.Syncing) && c.To == nameof(UserState.Queued) && c.Reason?.Contains("waiting for another pass", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(ofHeld, c => c.To == nameof(UserState.Failed));
        Assert.True(ofHeld.Last(c => c.To == nameof(UserState.Synced)).At >= heldUntil, "the held mailbox synced before its hold ended");
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
