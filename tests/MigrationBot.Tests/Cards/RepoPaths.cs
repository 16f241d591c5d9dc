using System.Runtime.CompilerServices;

namespace MigrationBot.Tests.Cards;

/// <summary>Finds the source tree from this file's compile-time path, so golden files and tools are found from any output folder.</summary>
public static class RepoPaths
{
    /// <summary>tests/MigrationBot.Tests/Cards.</summary>
    public static string CardsTestFolder => Path.GetDirectoryName(ThisFile())!;

    /// <summary>tests/MigrationBot.Tests.</summary>
    public static string TestsFolder => Path.GetDirectoryName(CardsTestFolder)!;

    public static string GoldenFolder => Path.Combine(CardsTestFolder, "golden");

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(CardsTestFolder);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tools", "node", "package.json")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException($"No tools/node/package.json above {CardsTestFolder}.");
        }
    }

    // The compiler fills in the path of this file, since the call is made here.
    private static string ThisFile([CallerFilePath] string path = "") => path;
}
