using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Batches;

public sealed class BatchAccessTests
{
    private const string Tenant = "tenant-1";
    private const string Admin = "11111111-1111-1111-1111-111111111111";
    private const string Approver = "22222222-2222-2222-2222-222222222222";
    private const string Stranger = "33333333-3333-3333-3333-333333333333";

    private static BatchAccess Access(bool allowRequester = false) => new(
        new StaticMonitor(new AuthorizationOptions { Admins = [Admin], Approvers = [Approver], AllowRequesterApproval = allowRequester }),
        Options.Create(new BotOptions { MicrosoftAppTenantId = Tenant }));

    private static InboundActivity From(string? objectId, string tenant = Tenant) => new()
    {
        From = new ChannelAccount { Id = "29:x", AadObjectId = objectId },
        Conversation = new ConversationAccount { Id = "c", TenantId = tenant },
    };

    private static Batch StartedBy(string objectId) => new(Guid.NewGuid(), "wave2", BatchState.Synced, $"user:{objectId}", default, default,
        new BatchSettings { Source = new ImapEndpoint("h", 993, ImapSecurity.Ssl) }, null, null);

    [Theory]
    [InlineData(Admin, true)]
    [InlineData(Approver, false)]
    [InlineData(Stranger, false)]
    [InlineData(null, false)]
    public void Administer_IsAllowedOnlyToConfiguredAdmins(string? objectId, bool allowed) =>
        Assert.Equal(allowed, Access().Check(BatchPermission.Administer, From(objectId)).Allowed);

    [Fact]
    public void Approve_ByAConfiguredApprover_IsAllowed() =>
        Assert.True(Access().Check(BatchPermission.Approve, From(Approver), StartedBy(Admin)).Allowed);

    [Fact]
    public void Approve_ByAnAdminWhoIsNoApprover_IsRefusedWithTheReason()
    {
        var decision = Access().Check(BatchPermission.Approve, From(Admin), StartedBy(Approver));

        Assert.False(decision.Allowed);
        Assert.Contains("approvers", decision.Refusal, StringComparison.Ordinal);
        Assert.Equal($"user:{Admin}", decision.Actor);
    }

    [Fact]
    public void Approve_ByTheRequester_IsRefusedUnlessConfigurationAllowsIt()
    {
        Assert.False(Access().Check(BatchPermission.Approve, From(Approver), StartedBy(Approver)).Allowed);
        Assert.True(Access(allowRequester: true).Check(BatchPermission.Approve, From(Approver), StartedBy(Approver)).Allowed);
    }

    [Fact]
    public void Approve_ByAnApproverTheBatchNames_IsAllowed()
    {
        var batch = StartedBy(Admin) with { Settings = new BatchSettings { Source = new ImapEndpoint("h", 993, ImapSecurity.Ssl), Approvers = [Stranger] } };

        Assert.True(Access().Check(BatchPermission.Approve, From(Stranger), batch).Allowed);
    }

    [Theory]
    [InlineData(BatchPermission.Read)]
    [InlineData(BatchPermission.Administer)]
    [InlineData(BatchPermission.Approve)]
    public void APersonOfAnotherTenant_MayDoNothing(BatchPermission permission) =>
        Assert.False(Access().Check(permission, From(Admin, tenant: "other-tenant"), StartedBy(Approver)).Allowed);

    private sealed class StaticMonitor(AuthorizationOptions value) : IOptionsMonitor<AuthorizationOptions>
    {
        public AuthorizationOptions CurrentValue => value;

        public AuthorizationOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AuthorizationOptions, string?> listener) => null;
    }
}
