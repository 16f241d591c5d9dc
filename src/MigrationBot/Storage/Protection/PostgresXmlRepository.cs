using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Storage.Protection;

/// <summary>
/// Data Protection key XML in the application's PostgreSQL database (table <c>dataprotection_keys</c>), the one key
/// ring every replica shares: a credential one replica stored, another decrypts. Encrypted at rest like the SQLite
/// one when <c>DataProtection:CertificatePath</c> is set.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; Data Protection calls it rarely (start-up, key-ring refresh, a new
/// key), and never on a thread with a synchronization context, so it waits for the asynchronous database calls.
/// </remarks>
public sealed class PostgresXmlRepository(string connectionString) : IXmlRepository, IDisposable
{
    public const string Area = "dataprotection";

    private static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS dataprotection_keys (
                id            bigserial PRIMARY KEY,
                friendly_name text NOT NULL UNIQUE,
                xml           text NOT NULL);
            """),
    ];

    private readonly PostgresDatabase _database = new(connectionString, Area, Migrations);

    public IReadOnlyCollection<XElement> GetAllElements() => GetAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = element.ToString(SaveOptions.DisableFormatting);
        // As the SQLite repository: an element is never overwritten; a repeated or missing name gets a unique one.
        if (string.IsNullOrWhiteSpace(friendlyName) || !TryInsertAsync(friendlyName, xml).GetAwaiter().GetResult())
            TryInsertAsync($"{friendlyName}-{Guid.NewGuid():N}", xml).GetAwaiter().GetResult();
    }

    public void Dispose() => _database.Dispose();

    private async Task<IReadOnlyCollection<XElement>> GetAllAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM dataprotection_keys ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var elements = new List<XElement>();
        while (await reader.ReadAsync())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    private async Task<bool> TryInsertAsync(string friendlyName, string xml)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO dataprotection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING";
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", xml);
        return await command.ExecuteNonQueryAsync() == 1;
    }
}
