namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// The node packages under tools/node the tests drive. A missing install fails the test with the
/// command that fixes it: these tests must never pass by skipping.
/// </summary>
internal static class NodeTools
{
    public const string InstallHint = "run npm ci --prefix tools/node";

    public const string Playground = "@microsoft/m365agentsplayground";

    public const string AppManifest = "@microsoft/app-manifest";

    /// <summary>The package's folder under tools/node/node_modules; fails the test if it is missing.</summary>
    public static string RequirePackage(string packageName)
    {
        var dir = Path.Combine([RepositoryPaths.NodeModules, .. packageName.Split('/')]);
        if (!Directory.Exists(dir))
        {
            Assert.Fail($"{packageName} is not installed under {RepositoryPaths.NodeModules}: {InstallHint}");
        }

        return dir;
    }

    /// <summary>A script of ours under tools/node (e.g. validate-manifest.js).</summary>
    public static string Script(string fileName) => Path.Combine(RepositoryPaths.NodeTools, fileName);
}
