using Keystone.Data.Postgres;
using Keystone.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>
/// An empty database of its own for one fixture: a temporary SQLite file, or a uniquely named
/// database on the PostgreSQL server named by <c>KEYSTONE_TEST_POSTGRES</c>. Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KEYSTONE_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseKind kind, string connectionString, string? sqliteFile, string? postgresName)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
    }

    public DatabaseKind Kind { get; }

    /// <summary>The value of the <c>Database:Provider</c> setting for this database.</summary>
    public string ProviderName => Kind == DatabaseKind.Sqlite ? SqliteDatabaseProvider.ProviderName : PostgresDatabaseProvider.ProviderName;

    public string ConnectionString { get; }

    /// <summary>Names a new database; it is created by the first migration that runs on it.</summary>
    public static TestDatabase Create(DatabaseKind kind)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"keystone-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(kind, new SqliteConnectionStringBuilder { DataSource = file }.ToString(), file, null);
        }
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: set {PostgresVariable} to a connection string without a database, " +
                "such as Host=127.0.0.1;Port=55432;Username=keystone (./test.sh starts a private cluster and sets it).");
        }
        var name = $"keystone_test_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(kind, connection.ToString(), null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", _sqliteFile + "-journal" })
            {
                File.Delete(file);
            }
        }
        if (_postgresName is not null)
        {
            await using (var own = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(own);
            }
            var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ToString());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
