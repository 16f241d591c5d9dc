using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>
/// A Bot Connector that accepts every reply (201 with a new id, as the Playground and Teams answer) and
/// remembers which activity each one answered, and with which bearer token it came.
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _repliesTo = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<long> _replyTimestamps = new();
    private readonly LoopbackServer _server;
    private int _sent;
    private int _wrongToken;

    private FakeConnector(LoopbackServer server) => _server = server;

    /// <summary>What activities put in <c>serviceUrl</c>: no trailing slash, like the Playground's.</summary>
    public string ServiceUrl => new Uri(_server.BaseUrl, "connector").AbsoluteUri;

    /// <summary>Distinct activity ids that got at least one reply.</summary>
    public IReadOnlyCollection<string> RepliedTo => [.. _repliesTo.Keys];

    /// <summary>Replies for an activity already replied to (should stay 0).</summary>
    public int DuplicateReplies => _repliesTo.Values.Sum(n => n - 1);

    public int RepliesWithWrongToken => Volatile.Read(ref _wrongToken);

    /// <summary>Replies per second between the <paramref name="skip"/>+1-th reply and the last one (the host's drain rate).</summary>
    public double RepliesPerSecond(int skip)
    {
        var times = _replyTimestamps.Order().Skip(skip).ToArray();
        return times.Length < 2 ? 0 : (times.Length - 1) / System.Diagnostics.Stopwatch.GetElapsedTime(times[0], times[^1]).TotalSeconds;
    }

    public static async Task<FakeConnector> StartAsync(string expectedBearerToken, CancellationToken cancellationToken)
    {
        FakeConnector? connector = null;
        var server = await LoopbackServer.StartAsync(
            routes => routes.MapPost(
                "/connector/v3/conversations/{conversationId}/activities/{replyToId}",
                async (string replyToId, HttpRequest request) =>
                {
                    using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                    connector!.OnReply(replyToId, request.Headers.Authorization.ToString() == $"Bearer {expectedBearerToken}");
                    return Results.Json(new { id = $"reply-{Interlocked.Increment(ref connector._sent)}" }, statusCode: StatusCodes.Status201Created);
                }),
            cancellationToken);
        connector = new FakeConnector(server);
        return connector;
    }

    /// <summary>Waits until <paramref name="count"/> distinct activities were answered, or the timeout passes.</summary>
    public async Task<bool> WaitForRepliesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_repliesTo.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return _repliesTo.Count >= count;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void OnReply(string replyToId, bool rightToken)
    {
        _replyTimestamps.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
        _repliesTo.AddOrUpdate(replyToId, 1, (_, n) => n + 1);
        if (!rightToken)
        {
            Interlocked.Increment(ref _wrongToken);
        }
    }
}
