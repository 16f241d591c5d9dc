using MigrationBot.Notices;
using MigrationBot.Notices.Templates;

namespace MigrationBot.Tests.Notices;

public sealed class NoticeTemplateTests
{
    private static readonly Dictionary<string, string> Values = NoticeTemplate.Placeholders.Keys.ToDictionary(k => k, k => $"<{k}>");

    [Fact]
    public void Render_ReplacesEveryPlaceholder_AndDoubledBracesWriteOne()
    {
        var (template, problems) = NoticeTemplate.Parse("Hi {DisplayName}, {{not a placeholder}} moves {CutoverLocal}.");

        Assert.Empty(problems);
        Assert.Equal("Hi <DisplayName>, {not a placeholder} moves <CutoverLocal>.", template!.Render(Values));
    }

    [Theory]
    [InlineData("Hi {Displayname}", "Unknown placeholder {Displayname}")]
    [InlineData("Hi {DisplayName", "is not closed")]
    [InlineData("Hi DisplayName}", "A lone '}'")]
    public void Parse_ATemplateWithAMistake_IsRefusedSayingWhere(string text, string expected)
    {
        var (template, problems) = NoticeTemplate.Parse(text);

        Assert.Null(template);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ReportsEveryMistakeAtOnce()
    {
        var (_, problems) = NoticeTemplate.Parse("{A} and {B} and }");

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void EveryDefaultTemplate_ParsesAndRendersWithoutABraceLeft()
    {
        foreach (var kind in Enum.GetValues<NoticeKind>())
        {
            var (template, problems) = NoticeTemplate.Parse(DefaultTemplates.For(kind));

            Assert.True(problems.Count == 0, $"{kind}: {string.Join("; ", problems)}");
            var text = template!.Render(Values);
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
            Assert.Contains("<DisplayName>", text, StringComparison.Ordinal);
        }
    }
}
