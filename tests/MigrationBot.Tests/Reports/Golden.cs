using System.Runtime.CompilerServices;

namespace MigrationBot.Tests.Reports;

/// <summary>
/// Golden files beside this source file, in Golden/. Set UPDATE_GOLDEN=1 to rewrite them on purpose,
/// then review the diff.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string name, byte[] actual)
    {
        var path = Path.Combine(Directory(), name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(path, actual);
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing: run the tests once with UPDATE_GOLDEN=1.");
        Assert.Equal(System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path)), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Equal(File.ReadAllBytes(path), actual);
    }

    private static string Directory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}
