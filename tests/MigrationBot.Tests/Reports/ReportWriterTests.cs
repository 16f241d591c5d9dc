using MigrationBot.Engine.Reports;

namespace MigrationBot.Tests.Reports;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "report-writer-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task WriteAsync_WritesTheThreeFilesAndNothingElse()
    {
        var target = Path.Combine(_directory, "wave2");

        await ReportWriter.WriteAsync(SampleReport.Create(), target, CancellationToken.None);

        Assert.Equal(["keywords-not-stored.csv", "report.csv", "report.json", "skipped.csv"], Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(ReportJson.Serialize(SampleReport.Create()), File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)));
    }

    [Fact]
    public async Task WriteAsync_Twice_ReplacesTheFiles()
    {
        var report = SampleReport.Create();
        await ReportWriter.WriteAsync(report with { Mailboxes = [] }, _directory, CancellationToken.None);

        await ReportWriter.WriteAsync(report, _directory, CancellationToken.None);

        Assert.Equal(ReportJson.Serialize(report), File.ReadAllText(Path.Combine(_directory, ReportWriter.JsonFile)));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_directory, ReportWriter.SkippedFile)).Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
