using Microsoft.Extensions.Options;
using Npgsql;

namespace MigrationBot.Conversations;

/// <summary>
/// Refuses start-up on a provider that is not known, or PostgreSQL without a usable connection string. The connection
/// string is never quoted back: it may hold a password.
/// </summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var sqlite = string.Equals(options.Provider, StoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        if (!sqlite && !options.UsesPostgreSql)
            return ValidateOptionsResult.Fail($"Store:Provider '{options.Provider}' is not known: use {StoreOptions.Sqlite} (the default, one file) or {StoreOptions.PostgreSql}.");
        if (sqlite)
            return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.PostgreSqlConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"Store:Provider is {StoreOptions.PostgreSql} but Store:PostgreSqlConnectionString is not set: give it (Host=…;Database=…;Username=…, the password from a secret), or remove Store:Provider to use SQLite.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.PostgreSqlConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Not ex.Message: it may quote a value of the string, and the string may hold a password.
            return ValidateOptionsResult.Fail("Store:PostgreSqlConnectionString is not a valid Npgsql connection string (its text is not shown: it may hold a password).");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail("Store:PostgreSqlConnectionString names no Host: say which PostgreSQL server to use.")
            : ValidateOptionsResult.Success;
    }
}
