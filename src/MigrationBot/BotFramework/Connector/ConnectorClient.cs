using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API (BOTFRAMEWORK.md §1.3) as a typed <see cref="HttpClient"/>: replies, proactive
/// sends, updates, deletes, new conversations and members. Sends the bot's token only to trusted service URLs,
/// queues sends under Teams' rate limits (<see cref="OutboundRateLimiter"/>) and retries throttling with bounded,
/// jittered backoff.
/// </summary>
public sealed class ConnectorClient(
    HttpClient http,
    IBotTokenSource tokens,
    TrustedServiceUrls trusted,
    IOptions<ConnectorRetryOptions> retryOptions,
    OutboundRateLimiter limiter,
    TimeProvider time,
    ILogger<ConnectorClient> logger)
{
    private static readonly HashSet<HttpStatusCode> Retryable =
        [HttpStatusCode.TooManyRequests, HttpStatusCode.PreconditionFailed, HttpStatusCode.BadGateway, HttpStatusCode.GatewayTimeout];

    /// <summary>
    /// Teams' limit on a message's size, "approximately 28 KB" (msteams-docs <c>format-your-bot-messages</c>), on the
    /// activity as sent: text, attachments and card JSON together.
    /// </summary>
    public const int MaxActivityBytes = 28 * 1024;

    private readonly ConnectorRetryOptions _retry = retryOptions.Value;

    /// <summary><c>POST v3/conversations/{id}/activities/{replyToId}</c>.</summary>
    public Task<ResourceResponse> ReplyAsync(string serviceUrl, string conversationId, string replyToId, OutboundActivity activity, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(replyToId)}",
            activity with { ReplyToId = replyToId }, WireJson.Default.OutboundActivity, WireJson.Default.ResourceResponse, conversationId, cancellationToken);

    /// <summary><c>POST v3/conversations/{id}/activities</c>: a new message in the conversation (proactive).</summary>
    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, OutboundActivity activity, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities",
            activity, WireJson.Default.OutboundActivity, WireJson.Default.ResourceResponse, conversationId, cancellationToken);

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c>: replaces a message (the full activity).</summary>
    public Task<ResourceResponse> UpdateAsync(string serviceUrl, string conversationId, string activityId, OutboundActivity activity, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}",
            activity, WireJson.Default.OutboundActivity, WireJson.Default.ResourceResponse, conversationId, cancellationToken);

    /// <summary><c>DELETE v3/conversations/{id}/activities/{activityId}</c> (the Playground answers 501).</summary>
    public async Task DeleteAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}",
            content: null, conversationId, cancellationToken);
    }

    /// <summary>
    /// <c>POST v3/conversations</c>: a 1:1 chat with a user (<c>isGroup:false</c>, one member) or a new thread in a
    /// channel (<c>isGroup:true</c>, <c>channelData.channel.id</c> and an <c>activity</c>).
    /// </summary>
    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, serviceUrl, "v3/conversations",
            parameters, WireJson.Default.ConversationParameters, WireJson.Default.ConversationResourceResponse, NewConversationKey(parameters), cancellationToken);

    /// <summary><c>GET v3/conversations/{id}/members</c>.</summary>
    public async Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Esc(conversationId)}/members",
            content: null, conversationId, cancellationToken);
        return await ReadAsync(response, WireJson.Default.ListChannelAccount, cancellationToken) ?? [];
    }

    /// <summary>
    /// <c>GET v3/conversations/{id}/pagedmembers</c>: one page of a team's or chat's roster (Teams: at most 500 a page);
    /// pass the answer's <see cref="PagedMembersResult.ContinuationToken"/> for the next.
    /// </summary>
    public async Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = $"?pageSize={pageSize}" + (continuationToken is null ? string.Empty : "&continuationToken=" + Esc(continuationToken));
        using var response = await SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Esc(conversationId)}/pagedmembers{query}",
            content: null, conversationId, cancellationToken);
        return await ReadAsync(response, WireJson.Default.PagedMembersResult, cancellationToken) ?? new PagedMembersResult();
    }

    private async Task<TResponse> SendJsonAsync<TBody, TResponse>(
        HttpMethod method, string serviceUrl, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResponse> responseType,
        string conversationId, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, bodyType);
        if (json.Length > MaxActivityBytes && body is OutboundActivity or ConversationParameters { Activity: not null })
        {
            throw new OutboundActivityTooLargeException(conversationId, json.Length);
        }

        using var response = await SendAsync(method, serviceUrl, path, json, conversationId, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken) ?? new TResponse();
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        // 202 (typing) and 200 (delete) come without a body.
        if (response.Content.Headers.ContentLength == 0 || response.StatusCode == HttpStatusCode.Accepted)
        {
            return default;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return bytes.Length == 0 ? default : JsonSerializer.Deserialize(bytes, type);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string serviceUrl, string path, byte[]? content, string conversationId, CancellationToken cancellationToken)
    {
        if (!trusted.IsTrusted(serviceUrl))
        {
            throw new UntrustedServiceUrlException(serviceUrl);
        }

        var uri = new Uri(new Uri(TrustedServiceUrls.Normalize(serviceUrl)), path);
        var tokenRenewed = false;
        for (var attempt = 1; ; attempt++)
        {
            // Sends, replies, updates and new conversations count against Teams' limits; reads and deletes do not.
            if (method == HttpMethod.Post || method == HttpMethod.Put)
            {
                await limiter.WaitTurnAsync(conversationId, cancellationToken);
            }

            using var request = new HttpRequestMessage(method, uri);
            if (content is not null)
            {
                request.Content = new ByteArrayContent(content);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            var token = await tokens.GetTokenAsync(cancellationToken);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                // Connection refused/reset or the client timeout: transient, same budget as a 502.
                if (attempt > _retry.MaxRetries)
                {
                    throw new ConnectorException($"Connector {method} {path} could not be reached after {attempt} attempts: {ex.Message}", null, null, attempt, ex);
                }

                var wait = _retry.Backoff(attempt - 1, Random.Shared.NextDouble());
                Log.ConnectorRetrying(logger, method.Method, 0, attempt, wait.TotalMilliseconds);
                await Task.Delay(wait, time, cancellationToken);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                // A refused token (revoked, or the app's secret rotated) is dropped and a new one tried, once.
                if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && !tokenRenewed)
                {
                    tokenRenewed = true;
                    tokens.Invalidate();
                    Log.ConnectorTokenRefused(logger, method.Method);
                    attempt--;
                    continue;
                }

                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var errorCode = ErrorCode(body);
                if (response.StatusCode == HttpStatusCode.Forbidden && body.Contains("MessageWritesBlocked", StringComparison.OrdinalIgnoreCase))
                {
                    Log.ConnectorWritesBlocked(logger, conversationId);
                    throw new MessageWritesBlockedException(conversationId, errorCode);
                }

                var retry = attempt - 1;
                if (!Retryable.Contains(response.StatusCode) || retry >= _retry.MaxRetries)
                {
                    var what = Retryable.Contains(response.StatusCode) ? $"after {attempt} attempts" : "(not retryable)";
                    throw new ConnectorException(
                        $"Connector {method} {path} failed with {(int)response.StatusCode} {response.StatusCode} {what}" +
                        (errorCode is null ? "." : $"; error code {errorCode}."),
                        response.StatusCode, errorCode, attempt);
                }

                var delay = RetryAfter(response) ?? _retry.Backoff(retry, Random.Shared.NextDouble());
                Log.ConnectorRetrying(logger, method.Method, (int)response.StatusCode, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d)
        {
            return null;
        }

        return d < TimeSpan.Zero ? TimeSpan.Zero : d > _retry.MaxRetryAfter ? _retry.MaxRetryAfter : d;
    }

    private static string? ErrorCode(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, WireJson.Default.ConnectorErrorResponse)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The thread a new conversation opens: the 1:1 chat with its member, or the channel a thread starts in.</summary>
    private static string NewConversationKey(ConversationParameters parameters) =>
        "(new) " + (parameters.Members is [{ Id: { } member }, ..] ? member : parameters.ChannelData?.Channel?.Id ?? string.Empty);

    private static string Esc(string value) => Uri.EscapeDataString(value);
}
