using MigrationBot.Batches.Commands;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Form;

/// <summary>
/// A press on the batch form (Create batch, Test connection) as its handlers read it: what was typed, the same with an
/// attached CSV standing in for an empty CSV box, and where the form came from; and the form to show again.
/// </summary>
public sealed record SubmittedForm(
    BatchFormValues Typed, BatchFormValues Values, string Name, bool InChannel, string? Origin, AttachedCsv? Upload)
{
    /// <summary>The form's credential choice is each user's password from the CSV (so the CSV box may hold passwords).</summary>
    public bool PerUserPasswords => (Values[BatchFormFields.Credentials] ?? BatchFormFields.PerUserPasswords) == BatchFormFields.PerUserPasswords;

    public static SubmittedForm Read(CardActionRequest request, FormUploads uploads)
    {
        var typed = BatchFormValues.FromData(request.Data);
        var uploadKey = typed[BatchFormFields.UploadKey];
        var attached = typed[BatchFormFields.Csv] is null ? uploads.Find(uploadKey) : null;
        return new SubmittedForm(
            typed,
            attached is null ? typed : typed.With(BatchFormFields.Csv, attached),
            typed[BatchFormFields.BatchName] ?? "batch",
            ConversationKinds.InChannel(request.Activity),
            typed[BatchFormFields.OriginConversation],
            attached is null || uploadKey is null ? null : new AttachedCsv(uploadKey, "the attached CSV", "kept for this form"));
    }

    /// <summary>The form again, filled with what was typed except what may hold a secret.</summary>
    public BatchFormView Again(IEnumerable<string> endpoints, IReadOnlyList<FormProblem>? problems, bool csvHoldsPasswords, string? note = null, bool noteIsGood = false) =>
        new(Name, [.. endpoints], InChannel, Typed.WithoutSecrets(csvHoldsPasswords), problems, note, noteIsGood, Origin, Upload);
}
