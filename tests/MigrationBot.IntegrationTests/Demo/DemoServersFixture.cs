namespace MigrationBot.IntegrationTests.Demo;

/// <summary>One run of the demo servers tool, in a temp dir of its own, for the tests that only look at it.</summary>
public sealed class DemoServersFixture : IAsyncLifetime
{
    private DemoServersProcess? _process;
    private DemoFile? _file;

    internal DemoServersProcess Process => _process ?? throw new InvalidOperationException("The demo servers have not started.");

    internal DemoFile File => _file ?? throw new InvalidOperationException("The demo servers have not started.");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var directory = DemoServersProcess.CreateDirectory();
        try
        {
            _process = await DemoServersProcess.StartReadyAsync(directory, cts.Token);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
        _file = await DemoFile.ReadAsync(_process.JsonFile, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
            return;
        await _process.DisposeAsync();
        Directory.Delete(_process.Directory, recursive: true);
    }
}
