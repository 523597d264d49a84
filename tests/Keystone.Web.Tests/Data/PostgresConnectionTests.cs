using Keystone.Data.Postgres;
using Npgsql;

namespace Keystone.Web.Tests.Data;

/// <summary>How Keystone completes a PostgreSQL connection string it is given.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void Statements_are_prepared_automatically_when_the_connection_string_does_not_say()
    {
        var completed = new NpgsqlConnectionStringBuilder(PostgresDatabaseProvider.WithAutoPrepare("Host=db.example.com;Database=keystone;Username=keystone"));

        Assert.Equal(PostgresDatabaseProvider.DefaultMaxAutoPrepare, completed.MaxAutoPrepare);
        Assert.Equal("db.example.com", completed.Host);
        Assert.Equal("keystone", completed.Database);
    }

    [Theory]
    [InlineData("Host=db.example.com;Max Auto Prepare=0")]
    [InlineData("Host=db.example.com;max auto prepare=12")]
    public void An_operators_own_setting_is_kept(string connectionString)
    {
        Assert.Equal(connectionString, PostgresDatabaseProvider.WithAutoPrepare(connectionString));
    }

    [Fact]
    public void A_string_that_is_not_for_PostgreSQL_is_left_for_its_first_use_to_report()
    {
        Assert.Equal("Data Source=keystone.db", PostgresDatabaseProvider.WithAutoPrepare("Data Source=keystone.db"));
    }
}
