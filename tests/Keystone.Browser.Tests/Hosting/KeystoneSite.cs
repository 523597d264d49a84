using System.Net;
using System.Net.Sockets;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Data;
using Keystone.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Keystone.Browser.Tests.Hosting;

/// <summary>
/// The real Keystone web app on Kestrel with a throw-away SQLite database, and one headless
/// Chromium. Each test opens its own browser context (its own cookies) and creates its own users
/// and accounts, so tests never depend on each other's data.
/// </summary>
public sealed class KeystoneSite : IAsyncLifetime
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"keystone-browser-{Guid.NewGuid():N}.db");
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; } = $"http://127.0.0.1:{FreePort()}";

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The site has not started.");

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        // Interactive pages wait longer than Playwright's default 5 s on a busy two-core build machine.
        Assertions.SetDefaultExpectTimeout(15_000);

        _app = KeystoneWebApp.Build(
            [
                "--urls", BaseUrl,
                "--Database:Provider=Sqlite",
                $"--ConnectionStrings:Keystone=Data Source={_databaseFile}",
                "--Serilog:MinimumLevel:Default=Warning",
            ]);
        await DatabaseRegistration.MigrateAsync(_app.Services);
        await _app.StartAsync();
        await CheckStaticAssetsAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("KEYSTONE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>A fresh browser context: no cookies, its own viewport (1280×800 unless given).</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
        });

    /// <summary>
    /// Adds a user as an administrator would, with the one-time password Keystone generates, and
    /// marks that password as chosen so that the test can sign in directly. Emails are unique; names need not be.
    /// </summary>
    public async Task<TestUser> CreateUserAsync(KeystoneRole role, string name, TestUser? manager = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KeystoneUser>>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var created = await SaveUser.CreateAsync(db, users, new UserInput
        {
            Email = $"{role.ToIdentifier()}-{suffix}@browser.keystone.test",
            DisplayName = name,
            Role = role.ToIdentifier(),
            Manager = manager?.Id.ToString(),
        });
        var user = await users.FindByIdAsync(created.User.Id.ToString())
            ?? throw new InvalidOperationException("The user just created is gone.");
        user.MustChangePassword = false;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", updated.Errors.Select(e => e.Description)));
        }
        return new TestUser(user.Id, created.User.Email, created.User.DisplayName, role, created.OneTimePassword);
    }

    /// <summary>Runs a use case in its own scope as <paramref name="user"/>, as a colleague's request would.</summary>
    public async Task<T> RunAsAsync<T>(TestUser user, Func<KeystoneDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var actor = await ActorLoader.LoadAsync(db, user.Id) ?? throw new InvalidOperationException($"{user.Email} cannot act.");
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actor);
        return await action(db);
    }

    // Without the package's CSS the pages would be unstyled and the axe colour checks meaningless. An
    // endpoint from the manifest whose file is missing answers 200 with no body, hence the length check.
    private async Task CheckStaticAssetsAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        foreach (var asset in new[] { "/_content/MudBlazor/MudBlazor.min.css", "/_content/MudBlazor/MudBlazor.min.js", "/_framework/blazor.web.js", "/app.css" })
        {
            using var response = await http.GetAsync(asset);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK || body.Length == 0)
            {
                throw new InvalidOperationException(
                    $"The test host answers {(int)response.StatusCode} with {body.Length} bytes for {asset}; static web assets are not served.");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record TestUser(Guid Id, string Email, string DisplayName, KeystoneRole Role, string Password);

/// <summary>All browser tests share one site and one browser; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<KeystoneSite>
{
    public const string Name = "Keystone site";
}
