using System.Runtime.CompilerServices;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Files of this repository, found from this source file's compile-time path: the test binaries may
/// live anywhere (ARTIFACTS_PATH), so walking up from the output folder would not find the tree.
/// MIGRATIONBOT_REPO_ROOT overrides it when the binaries run on another machine than they were built.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeTools => Path.Combine(Root, "tools", "node");

    public static string NodeModules => Path.Combine(NodeTools, "node_modules");

    public static string AppPackage => Path.Combine(Root, "appPackage");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        var overridden = Environment.GetEnvironmentVariable("MIGRATIONBOT_REPO_ROOT");
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        for (var dir = Path.GetDirectoryName(sourceFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "MigrationBot.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            $"MigrationBot.sln not found above {sourceFile}; set MIGRATIONBOT_REPO_ROOT to the repository root.");
    }
}
