namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// One in-process bot and one Agents Playground pointed at it, shared by a test class (starting the pair
/// takes a few seconds). Tests find their own traffic in the recording by activity ids, so they do not
/// depend on each other's order. A test class that needs the bot configured otherwise derives from it and
/// overrides <see cref="StartBotAsync"/>.
/// </summary>
public class PlaygroundFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private InProcessBot? _bot;
    private PlaygroundProcess? _playground;
    private HttpClient? _http;

    internal InProcessBot Bot => _bot ?? throw new InvalidOperationException("fixture not started");

    internal PlaygroundProcess Playground => _playground ?? throw new InvalidOperationException("fixture not started");

    internal PlaygroundClient Client { get; private set; } = null!;

    internal EventsRecording Recording { get; private set; } = null!;

    internal PlaygroundIdentity Identity { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        // Fail before starting anything when the node tools are missing: the message says how to install them.
        NodeTools.RequirePackage(NodeTools.Playground);
        using var timeout = new CancellationTokenSource(StartTimeout);
        _bot = await StartBotAsync(timeout.Token);
        Identity = PlaygroundIdentity.CreateUnique("00000000-0000-0000-0000-00000000000011");
        _playground = await PlaygroundProcess.StartAsync(_bot.MessagesEndpoint, Identity, timeout.Token);
        _http = new HttpClient { BaseAddress = _playground.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Client = new PlaygroundClient(_http);
        Recording = new EventsRecording(_playground.RecordingPath);
    }

    /// <summary>The bot the Playground talks to: Development, the unauthenticated switch on, nothing else configured.</summary>
    internal virtual Task<InProcessBot> StartBotAsync(CancellationToken cancellationToken) =>
        InProcessBot.StartUnauthenticatedAsync(cancellationToken);

    public virtual async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_playground is not null)
        {
            await _playground.DisposeAsync();
        }

        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }
}
