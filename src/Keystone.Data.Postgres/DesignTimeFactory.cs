using Keystone.Core.Access;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Keystone.Data.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider's migrations; it never connects.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KeystoneDbContext>
{
    public KeystoneDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        new PostgresDatabaseProvider().Configure(options, "Host=127.0.0.1;Database=keystone_design;Username=keystone");
        return KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
    }
}
