using System.Globalization;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Progress;

/// <summary>
/// The per-user table of a batch, a page at a time (<see cref="PageSize"/> users), so the card stays far below
/// Teams' 28 KB even for a batch of 500 users.
/// </summary>
public static class DetailsCard
{
    public const int PageSize = 25;

    public static AdaptiveCard Build(Batch batch, IReadOnlyList<BatchUser> users, int page)
    {
        var pages = Math.Max(1, (users.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        // Four columns: a card is ~450 px wide in Teams and the Playground, and five columns broke their headers mid-word.
        var rows = new List<TableRow> { CardTables.Row(true, "User", "State", "Copied", "Last sync") };
        foreach (var user in users.Skip(page * PageSize).Take(PageSize))
        {
            var state = user.Reason is null ? user.State.ToString() : $"{user.State}: {Shorten(user.Reason)}";
            rows.Add(CardTables.Row(false, user.EmailAddress, state, $"{Quantities.Count(user.Totals.Copied)} items, {Quantities.Bytes(user.Totals.Bytes)}" + (user.Totals.Skipped > 0 ? $", {Quantities.Count(user.Totals.Skipped)} skipped" : ""),
                user.Totals.LastSyncAt is { } at ? Quantities.Time(at) : "never"));
        }

        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        var actions = new List<CardAction>();
        if (page > 0)
            actions.Add(new ExecuteAction("Previous", BatchVerbs.Details) { Data = WithPage(data, page - 1) });
        if (page < pages - 1)
            actions.Add(new ExecuteAction("Next", BatchVerbs.Details) { Data = WithPage(data, page + 1) });
        actions.Add(new ExecuteAction("Back to progress", BatchVerbs.Refresh) { Data = data });

        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock($"{batch.Name}: users {page * PageSize + 1}–{Math.Min(users.Count, (page + 1) * PageSize)} of {users.Count}")
                {
                    Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true,
                },
                new Table([new(4), new(3), new(2), new(2)], rows) { FirstRowAsHeader = true, ShowGridLines = false },
            ],
            Actions = actions,
            FallbackText = $"{batch.Name}: page {page + 1} of {pages} of its users.",
        };
    }

    private static Dictionary<string, string> WithPage(Dictionary<string, string> data, int page) =>
        new(data) { [BatchVerbs.PageKey] = page.ToString(CultureInfo.InvariantCulture) };

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
