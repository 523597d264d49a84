using System.Net.Http.Headers;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Keystone.Web.Data;
using Keystone.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>
/// The whole Keystone web app in memory (a <see cref="TestServer"/>) on a database of its own,
/// migrated as a real start migrates it. Tests make their own users and records through it.
/// </summary>
public sealed class KeystoneHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    // Rejects reports of imports go here instead of the per-user data folder, and go with the host.
    private readonly string _rejectsFolder;

    private KeystoneHost(WebApplication app, TestDatabase database, string rejectsFolder)
    {
        _rejectsFolder = rejectsFolder;
        _app = app;
        _database = database;
    }

    public DatabaseKind Kind => _database.Kind;

    public IServiceProvider Services => _app.Services;

    public TestServer Server => _app.GetTestServer();

    /// <param name="kind">The database to run on.</param>
    /// <param name="overrideServices">Replaces services after the app registered its own (a fake clock, say).</param>
    public static async Task<KeystoneHost> StartAsync(DatabaseKind kind, Action<IServiceCollection>? overrideServices = null)
    {
        var database = TestDatabase.Create(kind);
        var rejectsFolder = Path.Combine(Path.GetTempPath(), "keystone-test-rejects-" + Guid.NewGuid().ToString("N"));
        WebApplication? app = null;
        try
        {
            string[] args =
            [
                $"--Database:Provider={database.ProviderName}",
                $"--ConnectionStrings:Keystone={database.ConnectionString}",
                "--Serilog:MinimumLevel:Default=Warning",
                $"--Revenue:RejectsFolder={rejectsFolder}",
            ];
            app = KeystoneWebApp.Build(args, builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Host.UseServiceProviderFactory(new OverridingServiceProviderFactory(services =>
                {
                    services.AddExceptionHandler<ServerErrors>();
                    // Every test makes users; the production work factor would make hashing most of the run time.
                    services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
                    overrideServices?.Invoke(services);
                }));
            });
            // Program.RunKeystoneAsync migrates before serving; the tests start the app themselves, so they migrate too.
            await DatabaseRegistration.MigrateAsync(app.Services);
            await app.StartAsync();
            return new KeystoneHost(app, database, rejectsFolder);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient CreateAnonymousClient() => Server.CreateClient();

    /// <summary>A client that calls the API with the user's personal token.</summary>
    public HttpClient ClientFor(TestUser user) => ClientWithToken(user.Token);

    public HttpClient ClientWithToken(string secret)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>Runs <paramref name="work"/> in a scope of its own, as the system actor (as the CLI's admin commands do).</summary>
    public async Task<T> AsSystemAsync<T>(Func<KeystoneDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        return await work(db, scope.ServiceProvider);
    }

    public Task AsSystemAsync(Func<KeystoneDbContext, Task> work) =>
        AsSystemAsync<bool>(async (db, _) =>
        {
            await work(db);
            return true;
        });

    /// <summary>A new active user of <paramref name="role"/> with a unique email, a one-time password and an API token.</summary>
    public Task<TestUser> CreateUserAsync(KeystoneRole role, TestUser? manager = null) =>
        AsSystemAsync(async (db, services) =>
        {
            var users = services.GetRequiredService<UserManager<KeystoneUser>>();
            var unique = Guid.NewGuid().ToString("N")[..12];
            var created = await SaveUser.CreateAsync(db, users, new UserInput
            {
                Email = $"{role.ToIdentifier()}-{unique}@example.com",
                DisplayName = $"{role.DisplayName()} {unique}",
                Role = role.ToIdentifier(),
                Manager = manager?.Id.ToString(),
            });
            var token = await ManageTokens.CreateAsync(db, created.User.Id, "tests", null);
            return new TestUser(created.User.Id, created.User.Email, created.User.DisplayName, role, created.OneTimePassword, token.Secret);
        });

    /// <summary>An account owned by <paramref name="owner"/>, created by the system, with <paramref name="team"/> on its team.</summary>
    public Task<AccountDetails> CreateAccountAsync(TestUser owner, string? name = null, IReadOnlyList<TestUser>? team = null, AccountInput? more = null) =>
        AsSystemAsync((db, _) => CreateAccount.HandleAsync(db, (more ?? new AccountInput()) with
        {
            Name = name ?? $"Account {Guid.NewGuid():N}",
            OwnerId = owner.Id,
            Team = team is null ? Optional<IReadOnlyList<TeamMemberInput>?>.Unset : team.Select(u => new TeamMemberInput(u.Id, "Support")).ToList(),
        }));

    /// <summary>A contact at <paramref name="accountId"/>, created by the system.</summary>
    public Task<ContactDetails> CreateContactAsync(Guid accountId, string? lastName = null) =>
        AsSystemAsync((db, _) => CreateContact.HandleAsync(db, new ContactInput
        {
            AccountId = accountId,
            FirstName = "Ada",
            LastName = lastName ?? $"Contact {Guid.NewGuid():N}"[..20],
        }));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            if (Directory.Exists(_rejectsFolder))
            {
                Directory.Delete(_rejectsFolder, recursive: true);
            }
            await _database.DisposeAsync();
        }
    }

    /// <summary>Applies test overrides once the app has registered all of its services.</summary>
    private sealed class OverridingServiceProviderFactory(Action<IServiceCollection> overrides) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            overrides(services);
            return services;
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
            containerBuilder.BuildServiceProvider();
    }
}

/// <summary>A user made for one test: their one-time password signs in, their token calls the API.</summary>
public sealed record TestUser(Guid Id, string Email, string DisplayName, KeystoneRole Role, string Password, string Token);
