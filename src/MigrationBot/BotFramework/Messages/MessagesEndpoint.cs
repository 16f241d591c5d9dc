using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Auth;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Conversations;

namespace MigrationBot.BotFramework.Messages;

/// <summary>
/// <c>POST /api/messages</c>: authenticate (401 and nothing processed on any failure), record the
/// conversation, then answer invokes in the response and queue everything else behind a fast 200.
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>Activities are small (a card is at most 28 KB); refuse big bodies before reading them.</summary>
    internal const long MaxBodyBytes = 1024 * 1024;

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("MigrationBot.BotFramework.Messages");
        var cancellationToken = http.RequestAborted;
        var unauthenticated = IsUnauthenticatedDevCaller(http, services);

        string? token = null;
        if (!unauthenticated)
        {
            var failure = BearerHeader.TryRead(http.Request.Headers.Authorization, out token);
            if (failure != AuthFailure.None)
            {
                Reject(http, logger, new AuthOutcome(failure));
                return;
            }
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var activity = await ReadActivityAsync(http, logger, cancellationToken);
        if (activity is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (token is not null)
        {
            var outcome = await services.GetRequiredService<ChannelTokenValidator>().ValidateAsync(token, activity, cancellationToken);
            if (!outcome.Succeeded)
            {
                Reject(http, logger, outcome);
                return;
            }
        }

        services.GetRequiredService<TrustedServiceUrls>().Trust(activity.ServiceUrl!);
        await services.GetRequiredService<ConversationRecorder>().RecordAsync(activity, cancellationToken);
        Log.ActivityAccepted(logger, activity.Type, activity.Id, activity.Conversation?.Id);

        if (activity.Type == ActivityTypes.Invoke)
        {
            var answer = await services.GetRequiredService<IActivityHandler>().OnInvokeAsync(activity, cancellationToken);
            http.Response.StatusCode = answer.Status;
            if (answer.Body is { } body)
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(http.Response.Body, body, WireJson.Default.JsonElement, cancellationToken);
            }

            return;
        }

        var queue = services.GetRequiredService<ActivityQueue>();
        if (!queue.TryEnqueue(activity))
        {
            Log.ActivityQueueFull(logger, queue.Capacity);
            http.Response.Headers.RetryAfter = "5";
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        // Teams wants 200 with an empty body for messages; replies go through the Connector.
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>How long a caller is asked to wait while the signing keys cannot be fetched.</summary>
    internal const int MetadataRetryAfterSeconds = 30;

    /// <summary>
    /// 401 for a request that is not the Bot Connector's; 403 for an authenticated activity of another tenant; 503
    /// with <c>Retry-After</c> while the signing keys cannot be fetched (our outage: the Connector retries).
    /// </summary>
    private static void Reject(HttpContext http, ILogger logger, AuthOutcome outcome)
    {
        switch (outcome.Failure)
        {
            case AuthFailure.MetadataUnavailable:
                Log.OpenIdMetadataUnavailable(logger, MetadataRetryAfterSeconds, outcome.Detail);
                http.Response.Headers.RetryAfter = MetadataRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            case AuthFailure.Tenant:
                Log.ActivityRejected(logger, outcome.Failure, outcome.Detail);
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            default:
                Log.ActivityRejected(logger, outcome.Failure, outcome.Detail);
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
        }
    }

    private static async Task<InboundActivity?> ReadActivityAsync(HttpContext http, ILogger logger, CancellationToken cancellationToken)
    {
        InboundActivity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync(http.Request.Body, WireJson.Default.InboundActivity, cancellationToken);
        }
        catch (JsonException ex)
        {
            Log.BadActivity(logger, $"not JSON at {ex.Path}");
            return null;
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's body size limit (or a broken upload).
            Log.BadActivity(logger, ex.Message);
            return null;
        }

        if (activity?.Type is not { Length: > 0 } || activity.Conversation?.Id is not { Length: > 0 }
            || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
            || serviceUrl.Scheme is not ("https" or "http"))
        {
            Log.BadActivity(logger, "type, conversation.id or serviceUrl missing");
            return null;
        }

        return activity;
    }

    /// <summary>
    /// Bot:DangerouslyAllowUnauthenticatedRequests skips authentication only in Development and only for a
    /// loopback peer (the Agents Playground on the same machine). The options validator already refuses the
    /// switch in other environments; the environment is checked again here so no path depends on one check.
    /// </summary>
    private static bool IsUnauthenticatedDevCaller(HttpContext http, IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<BotOptions>>().Value.DangerouslyAllowUnauthenticatedRequests
            || !services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return false;
        }

        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return IPAddress.IsLoopback(remote);
    }
}
