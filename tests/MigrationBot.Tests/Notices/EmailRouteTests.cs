using MigrationBot.Notices.Email;

namespace MigrationBot.Tests.Notices;

/// <summary>Which way email notices go, from Notices:Email:Via, Notices:Email:Sender, Notices:Smtp:Host and whether Graph is configured.</summary>
public sealed class EmailRouteTests
{
    [Theory]
    [InlineData(null, "it@contoso.com", "smtp.contoso.com", true, EmailVia.Graph)]
    [InlineData(null, null, "smtp.contoso.com", true, EmailVia.Smtp)]
    [InlineData(null, "it@contoso.com", "smtp.contoso.com", false, EmailVia.Smtp)]
    [InlineData(EmailVia.Smtp, "it@contoso.com", "smtp.contoso.com", true, EmailVia.Smtp)]
    [InlineData(EmailVia.Graph, "it@contoso.com", null, true, EmailVia.Graph)]
    public void TheWay_FollowsViaElseGraphWithASenderElseSmtpWithAHost(EmailVia? via, string? sender, string? host, bool graphConfigured, EmailVia expected)
    {
        var (chosen, unavailable) = EmailRoute.Choose(new NoticeEmailOptions { Via = via, Sender = sender }, new SmtpOptions { Host = host }, graphConfigured);

        Assert.Equal(expected, chosen);
        Assert.Null(unavailable);
    }

    [Theory]
    [InlineData(null, null, null, true, "set Notices:Email:Sender (a mailbox Graph sends from, with the application permission Mail.Send) or Notices:Smtp:Host")]
    [InlineData(null, "it@contoso.com", null, false, "set Notices:Smtp:Host, or configure Graph and Notices:Email:Sender")]
    [InlineData(EmailVia.Graph, null, "smtp.contoso.com", true, "Notices:Email:Via is Graph, but no sender mailbox is set (Notices:Email:Sender)")]
    [InlineData(EmailVia.Graph, "it@contoso.com", "smtp.contoso.com", false, "Notices:Email:Via is Graph, but Graph is not configured")]
    [InlineData(EmailVia.Smtp, "it@contoso.com", null, true, "Notices:Email:Via is Smtp, but no SMTP server is set (Notices:Smtp:Host)")]
    public void NoUsableWay_IsNoneWithTheSettingToFix(EmailVia? via, string? sender, string? host, bool graphConfigured, string expected)
    {
        var (chosen, unavailable) = EmailRoute.Choose(new NoticeEmailOptions { Via = via, Sender = sender }, new SmtpOptions { Host = host }, graphConfigured);

        Assert.Null(chosen);
        Assert.Contains(expected, unavailable, StringComparison.Ordinal);
    }
}
