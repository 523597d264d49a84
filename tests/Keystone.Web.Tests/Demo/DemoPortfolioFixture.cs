using System.Collections.Concurrent;
using Keystone.Core.Demo;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Demo;

/// <summary>One app per database with the demo portfolio seeded once, for the tests that only read it.</summary>
public sealed class DemoPortfolioFixture : KeystoneFixture
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<(KeystoneHost Host, IReadOnlyList<DemoLogin> Logins)>>> _seeded = new();

    public Task<(KeystoneHost Host, IReadOnlyList<DemoLogin> Logins)> SeededAsync(DatabaseKind kind) =>
        _seeded.GetOrAdd(kind, k => new(async () =>
        {
            var host = await HostAsync(k);
            return (host, await DemoDataTests.SeedAsync(host));
        })).Value;
}
