using System.Text.RegularExpressions;
using System.Xml.Linq;
using MigrationBot.Tests.Cards;

namespace MigrationBot.Tests.Hosting;

/// <summary>
/// What scripts/container-check.sh cannot see, since it runs the Dockerfile's commands in the whole tree: that the
/// restore layer, built from the project files alone, has every project file the host needs.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Root = RepoPaths.Root;

    [Fact]
    public void TheRestoreLayer_CopiesEveryProjectTheHostReferences_AndTheSharedProps()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        var restore = Array.FindIndex(lines, l => l.StartsWith("RUN dotnet restore ", StringComparison.Ordinal));
        Assert.True(restore > 0, "the Dockerfile has no 'RUN dotnet restore' line");
        var copied = lines.Take(restore)
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(l => l["COPY ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToHashSet(StringComparer.Ordinal);

        var restored = RestoreTarget().Match(lines[restore]).Groups["project"].Value;
        var needed = ProjectsFrom(restored).Append("Directory.Build.props").Append("Directory.Packages.props");

        Assert.All(needed, file => Assert.Contains(file, copied));
        Assert.DoesNotContain(".", copied); // the whole tree comes after the restore, or every change restores again
    }

    [Fact]
    public void ThePublish_IsTheRestoredProject_WithoutRestoringAgain()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        var restore = Assert.Single(lines, l => l.StartsWith("RUN dotnet restore ", StringComparison.Ordinal));
        var publish = Assert.Single(lines, l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));

        Assert.Equal(RestoreTarget().Match(restore).Groups["project"].Value, PublishTarget().Match(publish).Groups["project"].Value);
        Assert.Contains(" --no-restore", publish, StringComparison.Ordinal);
        Assert.Contains(" -c Release", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeReplicas_PublishThePortsTheImageListensOn_AndUseThePostgreSqlStore()
    {
        var exposed = Assert.Single(File.ReadAllLines(Path.Combine(Root, "Dockerfile")), l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
            ["EXPOSE ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var compose = File.ReadAllText(Path.Combine(Root, "compose.yaml"));

        var published = ComposePort().Matches(compose).Select(m => m.Groups["port"].Value);

        Assert.Equal(exposed.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
        Assert.Contains("Store__Provider: PostgreSql", compose, StringComparison.Ordinal);
        Assert.Contains("condition: service_healthy", compose, StringComparison.Ordinal);
    }

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static IEnumerable<string> ProjectsFrom(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
                continue;
            var directory = Path.GetDirectoryName(next)!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, next)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(Root, directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex("""^\s+- "[0-9.:-]+:(?<port>[0-9]+)"$""", RegexOptions.Multiline)]
    private static partial Regex ComposePort();

    [GeneratedRegex(@"^RUN dotnet restore (?<project>\S+\.csproj)")]
    private static partial Regex RestoreTarget();

    [GeneratedRegex(@"^RUN dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex PublishTarget();
}
