using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// A Bot Connector on loopback that accepts whatever the host sends (new activities and updates of the progress card)
/// and answers as Teams does, with an activity id, so the host publishes its progress in the benchmark as it would in a
/// channel instead of failing fast on a conversation it does not know. It counts what arrived.
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _posts;
    private int _updates;

    private FakeConnector(int port)
    {
        ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(ServiceUrl.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri ServiceUrl { get; }

    /// <summary>Activities sent (POST) and updated in place (PUT) so far.</summary>
    public (int Posts, int Updates) Received => (Volatile.Read(ref _posts), Volatile.Read(ref _updates));

    public static FakeConnector Start() => new(FreePort.Next());

    /// <summary>
    /// Tells the host it was added to the benchmark's channel (a conversationUpdate, as Teams sends on install), so it
    /// stores the conversation's reference with this connector's URL: where the batch then posts and updates its card.
    /// The conversation is the one <c>HostProcess.InvokeAsync</c> submits the form in.
    /// </summary>
    public async Task InstallAsync(Uri host, CancellationToken cancellationToken)
    {
        var activity = new
        {
            type = "conversationUpdate",
            id = Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = ServiceUrl.ToString(),
            from = new { id = "29:" + HostSettings.Admin, aadObjectId = HostSettings.Admin },
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
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                if (context.Request.HttpMethod == "PUT")
                    Interlocked.Increment(ref _updates);
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
