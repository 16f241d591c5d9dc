namespace MigrationBot.Batches.Form;

/// <summary>One thing wrong with a submitted form: the input it belongs to (null: the form as a whole) and what to do.</summary>
public sealed record FormProblem(string? Field, string Message);
