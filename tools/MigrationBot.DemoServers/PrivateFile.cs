using System.Text;

namespace MigrationBot.DemoServers;

/// <summary>Files that hold passwords: readable by their owner only (0600), replaced whole so no reader sees half of one.</summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, string text)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        // Created with its final mode: the text is never readable by others, not even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            writer.Write(text);
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(path + ".tmp");
    }
}
