using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Messages;
using MigrationBot.IntegrationTests.Playground;
using Xunit.Abstractions;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>
/// 500 signed Teams activities from 20 concurrent senders against the in-process host with real token
/// validation (local OpenID metadata and JWKS, endorsements, serviceurl claim), replies going to a local
/// fake Connector. Everything on loopback. Prints p50/p99 acknowledgement times to the test output and to
/// <see cref="ReportPath"/>.
/// </summary>
[Collection(LoadTestCollection.Name)]
public sealed class SignedActivityLoadTests(ITestOutputHelper output)
{
    private const int Activities = 500;
    private const int Senders = 20;
    private const string AppId = "6b2c7a50-3c2e-4f0a-9d0e-5a1b2c3d4e5f";
    private const string OutboundToken = "load-test-outbound-token";

    private static readonly string ReportPath = Path.Combine(Path.GetTempPath(), "migrationbot-load", "signed-activities.txt");

    [Fact]
    public async Task SignedMessages_FromTwentyConcurrentSenders_AreAllAcknowledgedAndAnswered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var key = new ChannelSigningKey("msteams");
        await using var metadata = await OpenIdMetadataServer.StartAsync(key, ct);
        await using var connector = await FakeConnector.StartAsync(OutboundToken, ct);
        // Development: the only environment where the signing keys may come from a local metadata server.
        await using var bot = await InProcessBot.StartAsync(
            "Development",
            new Dictionary<string, string>
            {
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppType"] = "MultiTenant",
                ["MicrosoftAppPassword"] = "unused: the outbound token source is replaced",
                ["Bot:DangerouslyOverrideOpenIdMetadataUrl"] = metadata.MetadataUrl.AbsoluteUri,
            },
            builder => builder.Services.AddSingleton<IBotTokenSource>(new FixedBotToken(OutboundToken)),
            ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Senders })
        {
            BaseAddress = bot.BaseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var now = DateTime.UtcNow;
        var warmUp = SignedActivity.Create($"warm-up-{Guid.NewGuid():N}", 0, AppId, connector.ServiceUrl, key, now);
        var activities = Enumerable.Range(0, Activities)
            .Select(i => SignedActivity.Create($"load-{i:D3}-{Guid.NewGuid():N}", i % Senders, AppId, connector.ServiceUrl, key, now))
            .ToArray();

        // One activity first, so JIT, the metadata fetch and SQLite's schema are not part of the measurement.
        var (warmUpStatus, warmUpTime) = await PostAsync(http, warmUp, ct);
        Assert.Equal(200, warmUpStatus);
        Assert.True(await connector.WaitForRepliesAsync(1, TimeSpan.FromSeconds(30), ct), "the warm-up activity got no reply");

        var outcomes = new (int Status, TimeSpan Elapsed)[Activities];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(
            async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < Activities; i = Interlocked.Increment(ref next))
                {
                    outcomes[i] = await PostAsync(http, activities[i], ct);
                }
            },
            ct)));
        var acknowledged = wall.Elapsed;
        var acceptedIds = activities.Where((_, i) => outcomes[i].Status is >= 200 and < 300).Select(a => a.Id).ToArray();
        var allAnswered = await connector.WaitForRepliesAsync(acceptedIds.Length + 1, TimeSpan.FromSeconds(90), ct);
        var answered = wall.Elapsed;
        var durations = outcomes.Select(o => o.Elapsed).ToArray();
        var statuses = outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());

        var summary = LatencySummary.Of(durations);
        var queued = bot.Services.GetRequiredService<ActivityQueue>().Enqueued;
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            MigrationBot load test, {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, {Environment.ProcessorCount} cores
            {Activities} signed message activities (RS256, local JWKS with endorsements), {Senders} concurrent senders, loopback, host in-process (Production, SQLite)
            acknowledgement: {summary}
            statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}
            all acknowledged after {acknowledged.TotalMilliseconds:0} ms ({Activities / acknowledged.TotalSeconds:0} activities/s); warm-up activity {warmUpTime.TotalMilliseconds:0.0} ms
            replies at the fake Connector: {connector.RepliedTo.Count} distinct (incl. warm-up), {connector.DuplicateReplies} duplicates, {connector.RepliesWithWrongToken} with a wrong token; all answered after {answered.TotalMilliseconds:0} ms: {allAnswered}; the host replied at {connector.RepliesPerSecond(skip: 1):0.0}/s
            activities the host queued: {queued}
            """);
        output.WriteLine(report);
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, report + Environment.NewLine, ct);
        output.WriteLine($"(written to {ReportPath})");

        // The same path refuses a token signed by a key the metadata does not publish: the 2xx above were earned.
        using var stranger = new ChannelSigningKey("msteams");
        var forged = SignedActivity.Create($"forged-{Guid.NewGuid():N}", 0, AppId, connector.ServiceUrl, stranger, now);
        Assert.Equal(401, (await PostAsync(http, forged, ct)).Status);

        Assert.True(allAnswered, $"acknowledged activities were lost (never answered): {report}");
        Assert.Empty(acceptedIds.Except(connector.RepliedTo));
        Assert.True(acceptedIds.Length == Activities, $"{Activities - acceptedIds.Length} activities were not acknowledged with 2xx: {report}");
        Assert.Equal(0, connector.DuplicateReplies);
        Assert.Equal(0, connector.RepliesWithWrongToken);
        Assert.Equal(Activities + 1, queued);
    }

    private static async Task<(int Status, TimeSpan Elapsed)> PostAsync(HttpClient http, SignedActivity activity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(activity.Json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", activity.Token);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started));
    }
}
