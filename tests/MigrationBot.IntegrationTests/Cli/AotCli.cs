using MigrationBot.IntegrationTests.Playground;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>
/// The CLI as it ships: published with Native AOT (README, "The CLI"), once per test run, into the artifacts tree.
/// Trimming and AOT change what runs (reflection, serialisers, native SQLite), so the shipped binary is tested itself.
/// </summary>
internal static class AotCli
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _published;

    public static async Task<string> PathAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_published is not null)
                return _published;
            var output = System.IO.Path.Combine(RepositoryPaths.Root, "artifacts", "publish", "migrationbot-aot-tests");
            var publish = await Command.RunAsync("dotnet",
                ["publish", System.IO.Path.Combine(RepositoryPaths.Root, "src", "MigrationBot.Cli"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo"],
                RepositoryPaths.Root, TimeSpan.FromMinutes(10), cancellationToken);
            publish.EnsureSuccess("the Native AOT publish of the CLI (it needs clang and zlib1g-dev: ./scripts/install-deps.sh installs them)");
            return _published = System.IO.Path.Combine(output, "migrationbot");
        }
        finally
        {
            Gate.Release();
        }
    }
}
