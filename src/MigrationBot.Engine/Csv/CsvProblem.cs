namespace MigrationBot.Engine.Csv;

/// <summary>
/// One thing wrong with a migration CSV, at a physical line of the file (1-based; the header is line 1).
/// The message says what to change; it never quotes a password.
/// </summary>
/// <param name="Line">The line the problem is on; 0 for problems with the whole file (size, encoding).</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record CsvProblem(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"Line {Line}: {Message}" : Message;
}
