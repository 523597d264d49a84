using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>
/// One running app per database for a test class (<c>IClassFixture&lt;KeystoneFixture&gt;</c>), started
/// on first use and dropped with its database when the class is done. Tests share the app but
/// never each other's data: each makes the users and records it needs.
/// </summary>
public class KeystoneFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseKind, Task<KeystoneHost>> _hosts = [];
    private readonly Lock _lock = new();

    public Task<KeystoneHost> HostAsync(DatabaseKind kind)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(kind, out var host))
            {
                _hosts[kind] = host = KeystoneHost.StartAsync(kind, ServiceOverrides(kind));
            }
            return host;
        }
    }

    /// <summary>Services a derived fixture replaces in the app (a fake clock, say); none by default.</summary>
    protected virtual Action<IServiceCollection>? ServiceOverrides(DatabaseKind kind) => null;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        List<Task<KeystoneHost>> hosts;
        lock (_lock)
        {
            hosts = [.. _hosts.Values];
            _hosts.Clear();
        }
        foreach (var host in hosts)
        {
            if (host.IsCompletedSuccessfully)
            {
                await host.Result.DisposeAsync();
            }
        }
    }
}
