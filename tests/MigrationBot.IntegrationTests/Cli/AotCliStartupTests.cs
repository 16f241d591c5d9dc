using System.Globalization;
using System.Text.RegularExpressions;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>
/// The Native AOT binary's start (src/MigrationBot.Cli/Native/prefault_image.c): the runtime's type data section is
/// populated by the kernel in one call before main, instead of faulting in one page at a time as the runtime writes it.
/// </summary>
public sealed partial class AotCliStartupTests
{
    [Fact]
    public async Task TheNativeAotBinary_PopulatesItsWholeHydratedDataSectionWithOneMadviseBeforeTheRuntimeStarts()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var binary = await AotCli.PathAsync(cts.Token);
        var readelf = Command.Find("readelf") ?? throw new InvalidOperationException("readelf is missing: ./scripts/install-deps.sh installs binutils");
        var strace = Command.Find("strace") ?? throw new InvalidOperationException("strace is missing: ./scripts/install-deps.sh installs it");

        var sections = await Command.RunAsync(readelf, ["-SW", binary], TimeSpan.FromMinutes(1), cts.Token);
        sections.EnsureSuccess("readelf -SW on the AOT binary");
        var hydrated = HydratedSection().Match(sections.Output);
        Assert.True(hydrated.Success, "the binary has no .hydrated section:\n" + sections.Output);
        var (offset, size) = (Hex(hydrated.Groups["address"].Value), Hex(hydrated.Groups["size"].Value));

        // ld.so prints the auxiliary vector before main: AT_PHDR is where the program headers were loaded, at offset 0x40
        // into the image, so it gives the image's base address for this run.
        var trace = Path.Combine(Path.GetTempPath(), $"migrationbot-startup-{Guid.NewGuid():N}.strace");
        try
        {
            var run = await Command.RunAsync(strace, ["-e", "trace=madvise", "-o", trace, "-E", "LD_SHOW_AUXV=1", binary, "--version"], TimeSpan.FromMinutes(1), cts.Token);
            run.EnsureSuccess("the AOT binary's --version under strace");
            var phdr = AuxvPhdr().Match(run.Output);
            Assert.True(phdr.Success, "ld.so did not print AT_PHDR:\n" + run.Output);
            var start = Hex(phdr.Groups["address"].Value) - 0x40 + offset;
            var end = start + size;

            var populated = PopulateWrite().Matches(await File.ReadAllTextAsync(trace, cts.Token))
                .Select(m => (From: Hex(m.Groups["address"].Value), To: Hex(m.Groups["address"].Value) + ulong.Parse(m.Groups["length"].Value, CultureInfo.InvariantCulture)))
                .ToList();
            Assert.Single(populated);
            Assert.True(populated[0].From <= start && populated[0].To >= end,
                $"populated {populated[0].From:x}-{populated[0].To:x}, the .hydrated section is {start:x}-{end:x}");
        }
        finally
        {
            File.Delete(trace);
        }
    }

    private static ulong Hex(string value) => ulong.Parse(value.StartsWith("0x", StringComparison.Ordinal) ? value[2..] : value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\.hydrated\s+NOBITS\s+(?<address>[0-9a-f]+)\s+[0-9a-f]+\s+(?<size>[0-9a-f]+)")]
    private static partial Regex HydratedSection();

    [GeneratedRegex(@"^AT_PHDR:\s+(?<address>0x[0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex AuxvPhdr();

    /// <summary>A MADV_POPULATE_WRITE the kernel carried out (it returned 0).</summary>
    [GeneratedRegex(@"madvise\((?<address>0x[0-9a-f]+), (?<length>\d+), MADV_POPULATE_WRITE\) = 0")]
    private static partial Regex PopulateWrite();
}
