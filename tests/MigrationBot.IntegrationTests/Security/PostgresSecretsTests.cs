using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.IntegrationTests.Playground;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.IntegrationTests.Security;

/// <summary>
/// A wave with per-user passwords run to completion on PostgreSQL, every store of the host in it: a dump of the
/// database (what a backup holds) and every log line hold no password, client secret or database password.
/// </summary>
public sealed class PostgresSecretsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task WaveWithPerUserPasswordsOnPostgreSql_RunToCompletion_LeavesNoSecretInADumpOfTheDatabaseOrAnyLogLine()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var database = await fixture.Server.CreateDatabaseAsync(cts.Token);
        await using var pair = await MigrationPair.StartAsync(["user1", "user2"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 23, Users = 2, MessagesPerUser = 20 }), cts.Token);
        var clientSecret = "client-secret-" + Guid.NewGuid().ToString("N");
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["MicrosoftAppId"] = "6b2c7a50-3c2e-4f0a-9d0e-5a1b2c3d4e5f",
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppTenantId"] = WaveDriver.Tenant,
            ["MicrosoftAppPassword"] = clientSecret,
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = database,
        };
        var secrets = new Dictionary<string, string>
        {
            ["a user's CSV password"] = MigrationPair.Password,
            ["the source's admin password"] = pair.Source.Options.MasterUser.Password,
            ["the target's admin password"] = pair.Target.Options.MasterUser.Password,
            ["the bot's client secret"] = clientSecret,
            ["the database password"] = fixture.Server.Password,
        };
        await using (var bot = await InProcessBot.StartAsync("Development", settings, logs.Attach(), cts.Token))
        {
            var store = bot.Services.GetRequiredService<IBatchStore>();
            var csv = "EmailAddress,UserName,Password\n" + string.Concat(pair.Users.Select(u => $"{MigrationPair.EmailOf(u)},{u},{MigrationPair.Password}\n"));

            await WaveDriver.PressAsync(bot, "submitBatch", new { batchName = "wave6", endpoint = "demo", credentials = "csv", csv }, WaveSettings.Admin, cts.Token, "personal");
            var synced = await WaveDriver.WaitForAsync(store, "wave6", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);
            Assert.Equal(BatchState.Synced, synced.State);
            // While the batch runs its passwords are stored, encrypted: the dump holds the ciphertext, never the text.
            var midway = await fixture.Server.DumpAsync(database, cts.Token);
            Assert.Contains("batch_users", midway, StringComparison.Ordinal);
            Assert.Contains("ledger_messages", midway, StringComparison.Ordinal);
            SecretScan.AssertNotInText(midway, MigrationPair.Password, "a user's CSV password", "the dump of a running batch's database");
            await WaveDriver.PressAsync(bot, BatchVerbs.Approve, new { batchId = synced.Id.ToString("D") }, WaveSettings.Approver, cts.Token, "personal");
            await WaveDriver.WaitForAsync(store, "wave6", s => s is BatchState.Completed or BatchState.CompletedWithErrors, cts.Token);
            AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        }

        var dump = await fixture.Server.DumpAsync(database, cts.Token);
        foreach (var (what, secret) in secrets)
        {
            SecretScan.AssertNotInText(dump, secret, what, "the database's dump");
            SecretScan.AssertNotInLogs(logs.Lines, secret, what);
        }
    }
}
