using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Conversations;
using MigrationBot.Notices;
using MigrationBot.Notices.Delivery;

namespace MigrationBot.Tests.Notices;

/// <summary>What the notice delivery record must do, whatever the database: each provider's test class says where a fresh one lives.</summary>
public abstract class NoticeDeliveryStoreContract : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Guid _batch = Guid.NewGuid();
    private NoticeDeliveryStore _store = null!;

    protected abstract Task<StoreOptions> EmptyStoreAsync();

    public async Task InitializeAsync() => _store = new NoticeDeliveryStore(Options.Create(await EmptyStoreAsync()), _time);

    public virtual Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AFailedAttempt_IsRecordedWithItsReason_AndIsNotSent()
    {
        await _store.RecordAsync(_batch, "Ann@Contoso.com", NoticeKind.Reminder, sent: false, NoticeChannel.None, "Teams: blocked; email: none", CancellationToken.None);

        Assert.False(await _store.WasSentAsync(_batch, "ann@contoso.com", NoticeKind.Reminder, CancellationToken.None));
        var row = Assert.Single(await _store.ListAsync(_batch, CancellationToken.None));
        Assert.Equal(("ann@contoso.com", false, NoticeChannel.None, "Teams: blocked; email: none", _time.GetUtcNow()), (row.EmailAddress, row.Sent, row.Channel, row.Reason, row.At));
    }

    [Fact]
    public async Task ASentNotice_StaysSent_WhateverIsRecordedAfterIt()
    {
        await _store.RecordAsync(_batch, "ann@contoso.com", NoticeKind.Moved, sent: false, NoticeChannel.None, "first try failed", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _store.RecordAsync(_batch, "ann@contoso.com", NoticeKind.Moved, sent: true, NoticeChannel.Email, "Teams: blocked", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _store.RecordAsync(_batch, "ann@contoso.com", NoticeKind.Moved, sent: false, NoticeChannel.None, "a later failure", CancellationToken.None);

        Assert.True(await _store.WasSentAsync(_batch, "ANN@contoso.com", NoticeKind.Moved, CancellationToken.None));
        var row = Assert.Single(await _store.ListAsync(_batch, CancellationToken.None));
        Assert.Equal((true, NoticeChannel.Email, "Teams: blocked"), (row.Sent, row.Channel, row.Reason));
    }

    [Fact]
    public async Task TheRecord_IsListedByAddressThenTime_AndOnlyThisBatchs()
    {
        await _store.RecordAsync(_batch, "bob@contoso.com", NoticeKind.Announcement, sent: true, NoticeChannel.Teams, null, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _store.RecordAsync(_batch, "ann@contoso.com", NoticeKind.Reminder, sent: true, NoticeChannel.Teams, null, CancellationToken.None);
        await _store.RecordAsync(_batch, "ann@contoso.com", NoticeKind.Announcement, sent: true, NoticeChannel.Teams, null, CancellationToken.None);
        await _store.RecordAsync(Guid.NewGuid(), "carl@contoso.com", NoticeKind.Announcement, sent: true, NoticeChannel.Teams, null, CancellationToken.None);

        var rows = await _store.ListAsync(_batch, CancellationToken.None);

        Assert.Equal(["ann@contoso.com", "ann@contoso.com", "bob@contoso.com"], rows.Select(r => r.EmailAddress));
    }
}
