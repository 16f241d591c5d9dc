using MigrationBot.IntegrationTests.Playground;

namespace MigrationBot.IntegrationTests.AppPackage;

// Teams wants a 192x192 full-colour icon and a 32x32 white outline on a transparent background
// (msteams-docs: concepts/build-and-test/apps-package.md). The manifest schema checks neither.
public sealed class IconTests
{
    private static PngImage Icon(string name) =>
        PngImage.Read(File.ReadAllBytes(Path.Combine(RepositoryPaths.AppPackage, name)));

    [Fact]
    public void ColorIcon_Is192By192()
    {
        var icon = Icon("color.png");

        Assert.Equal((192, 192), (icon.Width, icon.Height));
    }

    [Fact]
    public void OutlineIcon_Is32By32()
    {
        var icon = Icon("outline.png");

        Assert.Equal((32, 32), (icon.Width, icon.Height));
    }

    [Fact]
    public void OutlineIcon_IsWhiteOnTransparent()
    {
        var icon = Icon("outline.png");
        Assert.True(icon.IsRgba8, $"outline.png must be 8-bit RGBA to be transparent (colour type {icon.ColorType}, {icon.BitDepth} bits)");

        var transparent = 0;
        var opaque = 0;
        for (var y = 0; y < icon.Height; y++)
        {
            for (var x = 0; x < icon.Width; x++)
            {
                var (r, g, b, a) = icon.Pixel(x, y);
                if (a == 0)
                {
                    transparent++;
                    continue;
                }

                Assert.True((r, g, b) == (255, 255, 255), $"pixel ({x},{y}) is ({r},{g},{b},{a}): the outline may only be white");
                if (a == 255)
                {
                    opaque++;
                }
            }
        }

        Assert.True(icon.Pixel(0, 0).A == 0, "the outline's background (corner pixel) must be transparent");
        Assert.True(transparent > icon.Width * icon.Height / 2, $"only {transparent} transparent pixels: the background must be transparent");
        Assert.True(opaque > 0, "the outline draws nothing opaque");
    }
}
