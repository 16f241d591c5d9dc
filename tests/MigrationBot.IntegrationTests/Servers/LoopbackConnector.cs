using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A Bot Connector on loopback that accepts whatever a host process sends (new activities and updates of the progress
/// card) and answers as Teams does, with an activity id, so the host publishes its progress as it would in a channel
/// instead of failing fast on a conversation it does not know. It counts what arrived and keeps each update's body.
/// </summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset At, string Body)> _updateBodies = new();
    private int _posts;
    private int _updates;

    private LoopbackConnector(int port)
    {
        ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(ServiceUrl.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri ServiceUrl { get; }

    /// <summary>Activities sent (POST) and updated in place (PUT) so far.</summary>
    public (int Posts, int Updates) Received => (Volatile.Read(ref _posts), Volatile.Read(ref _updates));

    /// <summary>Every update (PUT) so far, with when it arrived, in order.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Body)> Updates => [.. _updateBodies];

    public static LoopbackConnector Start() => new(FreePort.Next());

    /// <summary>
    /// Tells the host it was added to the benchmark's channel (a conversationUpdate, as Teams sends on install), so it
    /// stores the conversation's reference with this connector's URL: where the batch then posts and updates its card.
    /// The conversation is the one <c>HostProcess.InvokeAsync</c> submits the form in.
    /// </summary>
    /// <param name="admin">The Entra object id of who installs the bot.</param>
    public async Task InstallAsync(Uri host, string admin, CancellationToken cancellationToken)
    {
        var activity = new
        {
            type = "conversationUpdate",
            id = Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = ServiceUrl.ToString(),
            from = new { id = "29:" + admin, aadObjectId = admin },
            recipient = new { id = "28:bot", name = "MigrationBot" },
            conversation = new { id = "19:it@thread.tacv2", conversationType = "channel", tenantId = "tenant-1" },
            channelData = new { tenant = new { id = "tenant-1" }, team = new { id = "19:team@thread.tacv2" }, channel = new { id = "19:it@thread.tacv2" } },
            membersAdded = new[] { new { id = "28:bot" } },
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync(new Uri(host, "api/messages"), activity, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (context.Response)
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var received = await reader.ReadToEndAsync();
                if (context.Request.HttpMethod == "PUT")
                {
                    _updateBodies.Enqueue((DateTimeOffset.UtcNow, received));
                    Interlocked.Increment(ref _updates);
                }
                else if (context.Request.HttpMethod == "POST")
                    Interlocked.Increment(ref _posts);
                var body = Encoding.UTF8.GetBytes($"{{\"id\":\"{Guid.NewGuid():N}\"}}");
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
