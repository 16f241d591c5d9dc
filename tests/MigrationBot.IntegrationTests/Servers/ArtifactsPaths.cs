namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// Programs built beside these tests in the artifacts tree: <c>artifacts/bin/&lt;project&gt;/&lt;same pivot as this
/// process&gt;/&lt;file&gt;</c> (the tests run the host and the demo tool as child processes, as people do).
/// </summary>
public static class ArtifactsPaths
{
    /// <exception cref="InvalidOperationException">The file is not there: say what to build.</exception>
    public static string Sibling(string project, string file, string build)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var bin = output.Parent?.Parent ?? throw new InvalidOperationException($"{output.FullName} is not in an artifacts tree.");
        var path = Path.Combine(bin.FullName, project, output.Name, file);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: {build}");
    }
}
