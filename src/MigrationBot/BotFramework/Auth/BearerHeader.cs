using System.Diagnostics.CodeAnalysis;

namespace MigrationBot.BotFramework.Auth;

/// <summary>Rule 1 of BOTFRAMEWORK.md §1.1.3: only <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
public static class BearerHeader
{
    public static AuthFailure TryRead(string? header, [NotNullWhen(true)] out string? token)
    {
        token = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthFailure.MissingHeader;
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthFailure.NotBearer;
        }

        var value = header[Scheme.Length..].Trim();
        if (value.Length == 0)
        {
            return AuthFailure.MalformedToken;
        }

        token = value;
        return AuthFailure.None;
    }
}
