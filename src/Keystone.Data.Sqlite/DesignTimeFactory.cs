using Keystone.Core.Access;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Keystone.Data.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider's migrations; it never connects.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KeystoneDbContext>
{
    public KeystoneDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        new SqliteDatabaseProvider().Configure(options, "Data Source=design-time.db");
        return KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
    }
}
