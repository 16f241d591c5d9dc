using MigrationBot.Cards.Model;

namespace MigrationBot.Cards;

/// <summary>Rows of the small tables the batch cards show: one short, wrapping text per cell, the header row bold.</summary>
public static class CardTables
{
    public static TableRow Row(bool header, params string[] cells) =>
        new([.. cells.Select(c => new TableCell([new TextBlock(c) { Wrap = true, Weight = header ? TextWeight.Bolder : null, Size = TextSize.Small }]))]);
}
