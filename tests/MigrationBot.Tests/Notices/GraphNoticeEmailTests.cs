using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Graph;
using MigrationBot.Notices.Email;
using MigrationBot.Tests.Graph;

namespace MigrationBot.Tests.Notices;

/// <summary>Email notices by Graph sendMail, as FakeGraph receives them.</summary>
public sealed class GraphNoticeEmailTests : IAsyncLifetime
{
    private FakeGraph _graph = null!;
    private GraphNoticeEmail _email = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _graph.Users["it-notices@contoso.com"] = (true, "Enabled", true);
        var access = GraphAccess.Create(new GraphOptions { BaseUrl = _graph.BaseUrl }, new TargetOptions(), new FixedTokenCredential("graph-token"));
        _email = new GraphNoticeEmail(access, Options.Create(new NoticeEmailOptions { Sender = "it-notices@contoso.com" }));
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    [Fact]
    public async Task AnEmailByGraph_IsSendMailFromTheSender_WithTheSubjectTextBodyAndRecipient_NotSavedToSentItems_WithTheBearerToken()
    {
        var failure = await _email.SendAsync("ann@contoso.com", "Your mailbox moves soon", "Reminder, Ann: your mailbox moves on Saturday.", CancellationToken.None);

        Assert.Null(failure);
        var sent = Assert.Single(_graph.SentMail);
        Assert.Equal(("it-notices@contoso.com", "Your mailbox moves soon", "Reminder, Ann: your mailbox moves on Saturday."), (sent.Sender, sent.Subject, sent.Content));
        Assert.Equal("text", sent.ContentType, ignoreCase: true);
        Assert.Equal(["ann@contoso.com"], sent.To);
        Assert.False(sent.SaveToSentItems);
        var request = Assert.Single(_graph.Requests);
        Assert.Equal(("POST", "/v1.0/users/it-notices@contoso.com/sendMail", "Bearer graph-token"), (request.Method, request.Path, request.Authorization));
    }

    [Fact]
    public async Task A429WithRetryAfterOnSendMail_IsWaitedOut_AndTheEmailIsSentOnce()
    {
        _graph.ThrottleNext("POST", "/v1.0/users/it-notices@contoso.com/sendMail");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var failure = await _email.SendAsync("ann@contoso.com", "Subject", "Text", CancellationToken.None);

        Assert.Null(failure);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {clock.Elapsed.TotalSeconds:0.00} s: Retry-After was not honoured");
        Assert.Equal(2, _graph.Requests.Count);
        Assert.Single(_graph.SentMail);
    }

    [Fact]
    public async Task ASendMailGraphRefuses_403_IsAReasonThatNamesMailSend()
    {
        _graph.RefuseMail = true;

        var failure = await _email.SendAsync("ann@contoso.com", "Subject", "Text", CancellationToken.None);

        Assert.Contains("403 Forbidden (ErrorAccessDenied", failure, StringComparison.Ordinal);
        Assert.Contains("grant the application permission Mail.Send", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASenderWithoutAMailbox_404_IsAReasonThatSaysToSetAnotherSender()
    {
        var access = GraphAccess.Create(new GraphOptions { BaseUrl = _graph.BaseUrl }, new TargetOptions(), new FixedTokenCredential("graph-token"));
        var email = new GraphNoticeEmail(access, Options.Create(new NoticeEmailOptions { Sender = "nobody@contoso.com" }));

        var failure = await email.SendAsync("ann@contoso.com", "Subject", "Text", CancellationToken.None);

        Assert.Contains("the sender nobody@contoso.com has no mailbox Graph can send from", failure, StringComparison.Ordinal);
        Assert.Contains("Notices:Email:Sender", failure, StringComparison.Ordinal);
        Assert.Empty(_graph.SentMail);
    }
}
