using System.Text;
using MigrationBot.Engine.Csv;

namespace MigrationBot.Tests.Csv;

/// <summary>Turns test text into the stream <see cref="MigrationCsv.Read"/> takes.</summary>
internal static class CsvInput
{
    public const string Header = "EmailAddress,UserName,Password";

    public static MigrationCsvResult Read(string text) => MigrationCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    public static MigrationCsvResult ReadLines(params string[] lines) => Read(string.Join("\r\n", lines) + "\r\n");

    public static CsvProblem Single(MigrationCsvResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }
}
