using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Tests.Storage.Protection;

public sealed class SqliteXmlRepositoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xml-repository-").FullName;

    private string DatabasePath => Path.Combine(_directory, "nested", "migrationbot.db");

    [Fact]
    public void SqliteXmlRepository_NewFile_HasNoElementsAndUsesWal()
    {
        var repository = new SqliteXmlRepository(DatabasePath);

        Assert.Empty(repository.GetAllElements());
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public void SqliteXmlRepository_StoredElements_ReadBackInOrderFromAnotherInstance()
    {
        new SqliteXmlRepository(DatabasePath).StoreElement(new XElement("key", new XAttribute("id", "1")), "key-1");
        new SqliteXmlRepository(DatabasePath).StoreElement(new XElement("revocation", new XElement("reason", "test")), "revocation-1");

        var elements = new SqliteXmlRepository(DatabasePath).GetAllElements();

        Assert.Equal(["<key id=\"1\" />", "<revocation><reason>test</reason></revocation>"], elements.Select(e => e.ToString(SaveOptions.DisableFormatting)));
    }

    [Theory]
    [InlineData("key-1")]
    [InlineData("")]
    public void SqliteXmlRepository_RepeatedOrEmptyFriendlyName_KeepsEveryElement(string friendlyName)
    {
        var repository = new SqliteXmlRepository(DatabasePath);

        repository.StoreElement(new XElement("key", new XAttribute("id", "1")), friendlyName);
        repository.StoreElement(new XElement("key", new XAttribute("id", "2")), friendlyName);

        Assert.Equal(["1", "2"], repository.GetAllElements().Select(e => (string?)e.Attribute("id")));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
