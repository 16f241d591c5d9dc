using MigrationBot.Cli.Output;
using MigrationBot.Engine.Sync;
using Microsoft.Extensions.Time.Testing;

namespace MigrationBot.Tests.Cli;

public sealed class ProgressPrinterTests
{
    [Fact]
    public void AFolderLine_SaysTheFoldersCount_AndWhatThePassCopiedInAllItsFolders()
    {
        var output = new StringWriter();
        var printer = new ProgressPrinter(output, new FakeTimeProvider());

        printer.Report(new MigrationProgress("ann@contoso.com", "Projects", 9, 9) { PassCopied = 80_009, PassBytes = 16L * 1024 * 1024 });

        Assert.Equal("[ann@contoso.com] Projects: 9/9 (pass: 80,009 messages, 16.0 MB)" + Environment.NewLine, output.ToString());
    }
}
