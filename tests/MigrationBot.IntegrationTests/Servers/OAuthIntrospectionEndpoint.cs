using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A minimal RFC 7662 token introspection endpoint on 127.0.0.1 for Dovecot's oauth2 passdb
/// (<c>introspection_mode = post</c>: the token arrives as the form field <c>token</c>).
/// Answers <c>{"active": true, "username": …}</c> for issued tokens, <c>{"active": false}</c> otherwise.
/// </summary>
internal sealed class OAuthIntrospectionEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private OAuthIntrospectionEndpoint(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = ServeAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>How many introspection requests were answered (lets tests see Dovecot really asked).</summary>
    public int RequestCount => _requestCount;

    private int _requestCount;

    public static OAuthIntrospectionEndpoint Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new OAuthIntrospectionEndpoint(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public string Issue(string user)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        _tokens[token] = user;
        return token;
    }

    public void Revoke(string token) => _tokens.TryRemove(token, out _);

    private async Task ServeAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context, ct);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken ct)
    {
        Interlocked.Increment(ref _requestCount);
        var token = await ReadTokenAsync(context.Request, ct);
        object answer = token is not null && _tokens.TryGetValue(token, out var user)
            ? new Dictionary<string, object> { ["active"] = true, ["username"] = user }
            : new Dictionary<string, object> { ["active"] = false };
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(answer));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body, ct);
        context.Response.Close();
    }

    private static async Task<string?> ReadTokenAsync(HttpListenerRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var form = await reader.ReadToEndAsync(ct);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0] == "token")
                return WebUtility.UrlDecode(parts[1]);
        }
        // Some introspection modes send the token as a bearer header instead.
        var authorization = request.Headers["Authorization"];
        return authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? authorization[7..].Trim() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}
