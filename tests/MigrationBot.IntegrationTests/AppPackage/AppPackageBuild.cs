using MigrationBot.IntegrationTests.Playground;

namespace MigrationBot.IntegrationTests.AppPackage;

/// <summary>Runs appPackage/build.sh into a folder of the test's own and validates manifests with tools/node.</summary>
internal static class AppPackageBuild
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static Task<CommandResult> BuildAsync(string outDir, string botId, CancellationToken cancellationToken) =>
        ExternalCommand.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.AppPackage, "build.sh"), "-o", outDir, botId],
            Timeout,
            cancellationToken,
            new Dictionary<string, string> { ["BOT_DOMAIN"] = "migrationbot.contoso.com" });

    public static Task<CommandResult> ValidateAsync(string manifestPath, CancellationToken cancellationToken)
    {
        NodeTools.RequirePackage(NodeTools.AppManifest);
        return ExternalCommand.RunAsync("node", [NodeTools.Script("validate-manifest.js"), manifestPath], Timeout, cancellationToken);
    }
}
