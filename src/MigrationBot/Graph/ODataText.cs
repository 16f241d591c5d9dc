namespace MigrationBot.Graph;

/// <summary>Values inside OData <c>$filter</c> string literals.</summary>
internal static class ODataText
{
    /// <summary>Doubles single quotes, OData's escape inside <c>'…'</c> (OData ABNF, SQUOTE-in-string).</summary>
    public static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
