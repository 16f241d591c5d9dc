using System.Diagnostics;
using System.Text.Json;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Tests.Cards;

/// <summary>Every card passes the adaptivecards 3.0.6 parser and validator (tools/node/lint-card.js).</summary>
public sealed class CardLintTests
{
    [Fact]
    public async Task EveryCard_PassesTheAdaptiveCardsLint()
    {
        var root = RepoPaths.Root;
        var library = Path.Combine(root, "tools", "node", "node_modules", "adaptivecards", "dist", "adaptivecards.js");
        Assert.True(File.Exists(library), $"The card lint needs node packages that are not installed ({library} is missing): run `npm ci --prefix tools/node` in {root}.");

        var folder = Directory.CreateTempSubdirectory("migrationbot-cards-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var (name, build) in CardCatalog.All)
            {
                var file = Path.Combine(folder, name + ".json");
                await File.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(build(), WireJson.Default.AdaptiveCard));
                files.Add(file);
            }

            var (exitCode, output) = await RunNodeAsync(Path.Combine(root, "tools", "node", "lint-card.js"), files);

            Assert.True(exitCode == 0, $"lint-card.js exited {exitCode}:\n{output}");
            Assert.Equal(string.Empty, output.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheLint_CatchesABrokenCard()
    {
        var root = RepoPaths.Root;
        var file = Path.Combine(Directory.CreateTempSubdirectory("migrationbot-cards-").FullName, "bad.json");
        await File.WriteAllTextAsync(file, """{"type":"AdaptiveCard","version":"1.6","body":[{"type":"TextBloc","text":"x"}],"actions":[{"type":"Action.Execute","title":"Go"}]}""");

        var (exitCode, output) = await RunNodeAsync(Path.Combine(root, "tools", "node", "lint-card.js"), [file]);

        Assert.Equal(1, exitCode);
        Assert.Contains("version 1.6", output, StringComparison.Ordinal);
        Assert.Contains("TextBloc", output, StringComparison.Ordinal);
        Assert.Contains("has no verb", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, IEnumerable<string> files)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var f in files)
        {
            start.ArgumentList.Add(f);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"The card lint needs node on PATH ({ex.Message}); install node 20 and run `npm ci --prefix tools/node`.");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
