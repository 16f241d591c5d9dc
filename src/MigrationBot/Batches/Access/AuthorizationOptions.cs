namespace MigrationBot.Batches.Access;

/// <summary>
/// <c>Authorization</c>: who may run batches. Entra object ids (the activity's <c>from.aadObjectId</c>) of people
/// in the bot's own tenant. Empty lists mean nobody: a new installation is locked until configured.
/// </summary>
public sealed class AuthorizationOptions
{
    /// <summary>May start, pause, resume, retry, stop and remove batches.</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>May approve the completion of any batch (a batch's form may name more approvers among the admins).</summary>
    public List<string> Approvers { get; set; } = [];

    /// <summary>Whether the person who started a batch may approve its completion.</summary>
    public bool AllowRequesterApproval { get; set; }
}
