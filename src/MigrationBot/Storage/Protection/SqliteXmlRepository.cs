using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;

namespace MigrationBot.Storage.Protection;

/// <summary>
/// Data Protection key XML in the application's SQLite file (table <c>dataprotection_keys</c>), so the keys
/// live and are backed up with the credentials they protect, and a restarted host finds them again.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous, so this uses the synchronous Microsoft.Data.Sqlite API rather
/// than blocking on async calls. Data Protection calls it rarely: at start-up, on key-ring refresh and when it
/// creates a key. The key XML is not encrypted here (no <c>IXmlEncryptor</c> on Linux), so anyone who can read
/// the database file can read the keys: this guards credentials against scans and leaks of rows, not against
/// theft of the whole file.
/// </remarks>
public sealed class SqliteXmlRepository : IXmlRepository
{
    // busy_timeout first, so switching the journal mode waits for other connections instead of failing.
    // synchronous=FULL for these rare writes: a key lost to a power cut makes every credential it protected unreadable.
    private const string Prepare = """
        PRAGMA busy_timeout=30000;
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=FULL;
        CREATE TABLE IF NOT EXISTS dataprotection_keys (
            friendly_name TEXT NOT NULL PRIMARY KEY,
            xml           TEXT NOT NULL
        );
        """;

    private readonly string _path;
    private readonly string _connectionString;

    /// <param name="path">The SQLite file (<c>Store:SqlitePath</c>); created, with its folder, if missing.</param>
    public SqliteXmlRepository(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM dataprotection_keys ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = Connect();
        var xml = element.ToString(SaveOptions.DisableFormatting);
        // The friendly name is advisory (XmlKeyManager passes "key-{id}" or "revocation-…"); an element is never
        // overwritten, so a repeated or missing name gets a unique one, as FileSystemXmlRepository does.
        if (string.IsNullOrWhiteSpace(friendlyName) || !TryInsert(connection, friendlyName, xml))
            TryInsert(connection, $"{friendlyName}-{Guid.NewGuid():N}", xml);
    }

    private static bool TryInsert(SqliteConnection connection, string friendlyName, string xml)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO dataprotection_keys (friendly_name, xml) VALUES ($name, $xml) ON CONFLICT (friendly_name) DO NOTHING";
        command.Parameters.AddWithValue("$name", friendlyName);
        command.Parameters.AddWithValue("$xml", xml);
        return command.ExecuteNonQuery() == 1;
    }

    private SqliteConnection Connect()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var prepare = connection.CreateCommand();
            prepare.CommandText = Prepare;
            prepare.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
