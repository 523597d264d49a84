using Keystone.Cli;
using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Keystone.Web.Data;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Keystone.Web.Tests.Cli;

/// <summary>The keystone command run in-process, each test on a database of its own.</summary>
public sealed class KeystoneCliTests
{
    [Fact]
    public async Task Without_arguments_it_prints_help()
    {
        var run = await RunAsync([]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.All(new[] { "serve", "db", "seed", "users", "tokens" }, command => Assert.Contains($"  {command} ", run.Output, StringComparison.Ordinal));
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("users", "add", "someone@example.com")]
    [InlineData("tokens", "create", "someone@example.com", "--name", "CI", "--expires", "soon")]
    [InlineData("db", "migrate", "--provider", "Oracle")]
    public async Task A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }

    [Theory, AllDatabases]
    public async Task Migrate_applies_the_migrations_once_and_names_the_database(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);

        var first = await RunAsync(database, "db", "migrate");
        var second = await RunAsync(database, "db", "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith($"Database: {database.ProviderName}, ", first.Output, StringComparison.Ordinal);
        Assert.Contains("Applied ", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Up to date", second.Output, StringComparison.Ordinal);
        Assert.Empty(second.Error);
    }

    [Theory, AllDatabases]
    public async Task Users_add_creates_a_user_who_must_change_the_one_time_password(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        var admin = await RunAsync(database, "users", "add", "Olga.Ops@Example.com", "--role", "administrator", "--name", "Olga Ops");

        var run = await RunAsync(database, "users", "add", "kim@example.com", "--role", "senior-kam", "--manager", "olga.ops@example.com");

        Assert.Equal(0, admin.ExitCode);
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
        var password = LineValue(run.Output, "One-time password: ");
        await using var db = Open(database);
        var user = await db.Users.SingleAsync(u => u.Email == "kim@example.com");
        var manager = await db.Users.SingleAsync(u => u.Email == "olga.ops@example.com");
        Assert.Equal(KeystoneRole.SeniorKam, user.Role);
        Assert.Equal("kim", user.DisplayName);
        Assert.Equal(manager.Id, user.ManagerId);
        Assert.True(user.MustChangePassword);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<KeystoneUser>().VerifyHashedPassword(user, user.PasswordHash!, password));
        Assert.Contains("reporting to Olga Ops", run.Output, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Users_add_explains_each_invalid_field_on_a_line_of_its_own(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");

        var run = await RunAsync(database, "users", "add", "bob@example.com", "--role", "boss", "--manager", "nobody@example.com");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                "keystone: role: 'boss' is not a role; use one of administrator, head-of-kam, senior-kam, junior-kam, contributor, viewer.",
                "keystone: manager: There is no active user 'nobody@example.com'; give the manager's email.",
            ],
            Lines(run.Error));
        Assert.DoesNotContain("One-time password", run.Output, StringComparison.Ordinal);
        await using var db = Open(database);
        Assert.False(await db.Users.AnyAsync());
    }

    [Theory, AllDatabases]
    public async Task Tokens_create_prints_a_secret_that_authenticates_as_the_user(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        await RunAsync(database, "users", "add", "sync@example.com", "--role", "junior-kam");

        var run = await RunAsync(database, "tokens", "create", "SYNC@example.com", "--name", "Nightly ERP sync", "--expires", "30");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
        var secret = LineValue(run.Output, "Token: ");
        Assert.StartsWith(ApiToken.SecretPrefix, secret, StringComparison.Ordinal);
        await using var db = Open(database);
        var user = await db.Users.SingleAsync(u => u.Email == "sync@example.com");
        Assert.Equal(user.Id, await ManageTokens.AuthenticateAsync(db, secret));
        var token = await db.ApiTokens.SingleAsync();
        Assert.Equal("Nightly ERP sync", token.Name);
        Assert.Equal(30, (token.ExpiresAt - token.CreatedAt).TotalDays);
    }

    [Theory, AllDatabases]
    public async Task Tokens_create_for_an_unknown_user_or_out_of_range_days_fails_with_one_line_a_field(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);
        await RunAsync(database, "db", "migrate");
        await RunAsync(database, "users", "add", "sync@example.com", "--role", "junior-kam");

        var unknown = await RunAsync(database, "tokens", "create", "ghost@example.com", "--name", "CI");
        var tooLong = await RunAsync(database, "tokens", "create", "sync@example.com", "--name", "CI", "--expires", "400");

        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("keystone: email: There is no user ghost@example.com;", Assert.Single(Lines(unknown.Error)), StringComparison.Ordinal);
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Equal("keystone: expires: A token lives 1 to 365 days; 400 is out of range.", Assert.Single(Lines(tooLong.Error)));
        Assert.DoesNotContain("Token:", unknown.Output + tooLong.Output, StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Commands_on_a_database_that_was_never_migrated_ask_for_db_migrate(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);

        var run = await RunAsync(database, "users", "add", "kim@example.com", "--role", "viewer");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["keystone: database: there is no Keystone database there yet; create it with 'keystone db migrate'."], Lines(run.Error));
    }

    [Fact]
    public async Task A_connection_string_for_the_other_database_is_one_line_of_error()
    {
        var run = await RunAsync(["db", "migrate", "--provider", "Postgres", "--connection", "Data Source=keystone.db"]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("keystone: ConnectionStrings:Keystone is not a Postgres connection string", Assert.Single(Lines(run.Error)), StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task Seed_demo_seeds_once_and_prints_new_logins_each_time(DatabaseKind kind)
    {
        await using var database = TestDatabase.Create(kind);

        var first = await RunAsync(database, "seed", "demo");
        var second = await RunAsync(database, "seed", "demo");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var firstLogins = Logins(first.Output);
        var secondLogins = Logins(second.Output);
        Assert.Equal(11, firstLogins.Count);
        Assert.Equal(firstLogins.Keys, secondLogins.Keys);
        Assert.All(firstLogins, login => Assert.NotEqual(login.Value, secondLogins[login.Key]));
        var holds = Assert.Single(Lines(first.Output), l => l.StartsWith("The database holds", StringComparison.Ordinal));
        Assert.Equal(holds, Assert.Single(Lines(second.Output), l => l.StartsWith("The database holds", StringComparison.Ordinal)));
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeystoneCli.RunAsync(args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static Task<Run> RunAsync(TestDatabase database, params string[] args) =>
        RunAsync([.. args, "--provider", database.ProviderName, "--connection", database.ConnectionString]);

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The rest of the one line that starts with <paramref name="prefix"/>, as a script would grep it.</summary>
    private static string LineValue(string output, string prefix) =>
        Assert.Single(output.Split('\n'), l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].TrimEnd('\r');

    /// <summary>The demo logins printed as "role email password", by email.</summary>
    private static Dictionary<string, string> Logins(string output) =>
        Lines(output)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 3 && parts[1].EndsWith("@demo.keystone.test", StringComparison.Ordinal))
            .ToDictionary(parts => parts[1], parts => parts[2]);

    private static KeystoneDbContext Open(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<KeystoneDbContext>();
        DatabaseRegistration.Providers.Single(p => p.Name == database.ProviderName).Configure(options, database.ConnectionString);
        return KeystoneDbContext.Create(options.Options, new CurrentActor(Actor.System), TimeProvider.System);
    }
}
