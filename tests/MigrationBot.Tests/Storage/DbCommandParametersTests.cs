using Microsoft.Data.Sqlite;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Tests.Storage;

public sealed class DbCommandParametersTests
{
    [Fact]
    public void With_NameWithOrWithoutItsAtPrefix_IsNamedWithExactlyOneAt()
    {
        using var command = new SqliteCommand("SELECT @m");

        command.With("m", 1).With("@n", 2);

        Assert.Equal(["@m", "@n"], command.Parameters.Cast<SqliteParameter>().Select(p => p.ParameterName));
    }

    [Fact]
    public void With_NameWithoutPrefix_BindsItsValueAndNullAsDbNullInSqlite()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT @m || @n";

        command.With("m", "a").With("n", null);

        Assert.Equal(DBNull.Value, command.ExecuteScalar());
        command.Parameters["@n"].Value = "b";
        Assert.Equal("ab", command.ExecuteScalar());
    }
}
