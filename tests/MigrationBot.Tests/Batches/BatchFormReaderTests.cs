using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Form;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Batches;

public sealed class BatchFormReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, SourceEndpointOptions> Endpoints = new()
    {
        ["demo"] = new SourceEndpointOptions { Host = "127.0.0.1", Port = 10993, AdminForm = AdminForm.Dovecot, AdminUser = "admin", AdminPassword = "admin-secret", MaxConcurrentMailboxes = 3 },
    };

    private static (ValidBatchForm? Form, IReadOnlyList<FormProblem> Problems) Read(bool inChannel, params (string Key, string Value)[] values) =>
        BatchFormReader.Read(new BatchFormValues(values.ToDictionary(v => v.Key, v => v.Value)), new FormContext(Endpoints, inChannel, TargetNeedsUserPasswords: false, Now));

    [Fact]
    public void SavedEndpointWithAdminForm_InAChannel_TakesACsvWithoutPasswords()
    {
        var (form, problems) = Read(true, ("endpoint", "demo"), ("credentials", "Dovecot"), ("csv", "EmailAddress,UserName\nann@contoso.com,ann\nbob@contoso.com,bob\n"));

        Assert.Empty(problems);
        Assert.Equal(new ImapEndpoint("127.0.0.1", 10993, ImapSecurity.Ssl), form!.Settings.Source);
        Assert.Equal(("admin", AdminForm.Dovecot, "demo"), (form.Settings.AdminUser, form.Settings.AdminForm, form.Settings.EndpointName));
        Assert.Equal(["ann@contoso.com", "bob@contoso.com"], form.Users.Select(u => u.EmailAddress));
        Assert.All(form.Users, u => Assert.Null(u.Password));
        Assert.Equal("admin-secret", form.AdminPassword!.Reveal());
        Assert.Equal(3, form.Settings.MaxConcurrentMailboxes);
    }

    [Fact]
    public void PerUserPasswords_InAChannel_AreRefused()
    {
        var (form, problems) = Read(true, ("endpoint", "demo"), ("credentials", "csv"), ("csv", "EmailAddress,UserName,Password\nann@contoso.com,ann,pw\n"));

        Assert.Null(form);
        Assert.Contains(problems, p => p.Field == "credentials" && p.Message.Contains("don't belong in a channel", StringComparison.Ordinal));
    }

    [Fact]
    public void PerUserPasswords_InPersonalChat_AreReadAndSummarisedWithoutShowingThem()
    {
        var (form, problems) = Read(false, ("endpoint", "other"), ("host", "imap.contoso.com"), ("credentials", "csv"),
            ("csv", "EmailAddress,UserName,Password\nann@contoso.com,ann,Secret-1\nbob@contoso.com,bob,Secret-2\n"));

        Assert.Empty(problems);
        Assert.Equal(new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), form!.Settings.Source);
        Assert.Equal("Secret-1", form.Users[0].Password!.Reveal());
        Assert.Equal("2 users, 2 passwords (hidden)", form.Summary);
        Assert.DoesNotContain("Secret", form.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidForm_ReportsEveryProblemAtOnce_WithCsvLineNumbers()
    {
        var (form, problems) = Read(true, ("endpoint", "demo"), ("credentials", "Dovecot"),
            ("csv", "EmailAddress,UserName\nann@contoso.com,ann\nnot-an-address,bob\n"), ("maxConcurrent", "0"), ("timeZone", "Mars/Olympus"),
            ("approvers", "someone"), ("cutoverDate", "2026-11-30"));

        Assert.Null(form);
        Assert.Contains(problems, p => p.Field == "csv" && p.Message.StartsWith("CSV line 3:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "maxConcurrent");
        Assert.Contains(problems, p => p.Field == "timeZone");
        Assert.Contains(problems, p => p.Field == "approvers");
        Assert.True(problems.Count >= 4, string.Join("\n", problems));
    }

    [Fact]
    public void ACsvWithAPasswordColumn_WithAdminCredentials_IsRefusedOnItsHeaderLine()
    {
        var (form, problems) = Read(true, ("endpoint", "demo"), ("credentials", "Dovecot"), ("csv", "EmailAddress,UserName,Password\nann@contoso.com,ann,pw\n"));

        Assert.Null(form);
        Assert.Contains(problems, p => p.Message.StartsWith("CSV line 1:", StringComparison.Ordinal));
    }

    [Fact]
    public void TimesInTheBatchsTimeZone_AreStoredInUtc()
    {
        var (form, problems) = Read(true, ("endpoint", "demo"), ("credentials", "Dovecot"), ("csv", "EmailAddress,UserName\nann@contoso.com,ann\n"),
            ("timeZone", "Europe/Berlin"), ("cutoverDate", "2026-12-12"), ("cutoverTime", "18:30"));

        Assert.Empty(problems);
        Assert.Equal(new DateTimeOffset(2026, 12, 12, 17, 30, 0, TimeSpan.Zero), form!.Settings.CutoverAt);
    }
}
