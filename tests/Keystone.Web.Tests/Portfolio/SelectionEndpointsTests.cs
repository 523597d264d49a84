using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Keystone.Core.Portfolio;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Kpis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Tests.Portfolio;

/// <summary>The key-account selection matrix through the API, on each database: scoring, history, conflicts, access.</summary>
public sealed class SelectionEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Matrix = "/api/v1/portfolio/matrix";

    private static string Selection(Guid accountId) => $"/api/v1/accounts/{accountId}/selection";

    // Attractiveness 25×8 + 20×6 + 25×7 + 15×5 + 15×9 = 705 → 7.05; strength 25×4 + 20×3 + 25×6 + 15×5 + 15×2 = 415 → 4.15: a Star.
    private static readonly (string Criterion, int Score)[] StarScores =
    [
        ("size", 8), ("growth", 6), ("profitability", 7), ("fit", 5), ("risk", 9),
        ("product", 4), ("price", 3), ("relationship", 6), ("delivery", 5), ("reputation", 2),
    ];

    private static object Body(IEnumerable<(string Criterion, int? Score)> scores, string? stage = null, decimal? availableSales = null) => new
    {
        relationshipStage = stage,
        availableSales,
        scores = scores.Select(s => new { criterion = s.Criterion, score = s.Score, reason = $"Because {s.Criterion} is {s.Score}" }).ToArray(),
    };

    private static object Star(string? stage = "cooperative", decimal? availableSales = 2_500_000m) =>
        Body(StarScores.Select(s => (s.Criterion, (int?)s.Score)), stage, availableSales);

    [Theory, AllDatabases]
    public async Task Scoring_every_criterion_places_the_account_and_keeps_who_when_and_why(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        using var client = host.ClientFor(kam);

        using var before = await client.GetAsync(Selection(account.Id));
        var empty = await before.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"0\"", before.ETag());
        Assert.False(empty.GetProperty("scored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("attractiveness").ValueKind);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("quadrant").ValueKind);
        Assert.Equal(10, empty.GetProperty("missingCriteria").GetArrayLength());

        using var put = await client.PutAsync(Selection(account.Id), Star(), "\"0\"");
        var scored = await put.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"1\"", put.ETag());
        Assert.Equal(1, scored.GetProperty("version").GetInt32());
        Assert.True(scored.GetProperty("scored").GetBoolean());
        Assert.Equal(7.05m, scored.GetProperty("attractiveness").GetDecimal());
        Assert.Equal(4.15m, scored.GetProperty("strength").GetDecimal());
        Assert.Equal("star", scored.Str("quadrant"));
        Assert.Equal("cooperative", scored.Str("relationshipStage"));
        Assert.Equal(2_500_000m, scored.GetProperty("availableSales").GetDecimal());
        Assert.Equal(0m, scored.GetProperty("currentSales").GetDecimal());
        Assert.Equal(5m, scored.GetProperty("settings").GetProperty("cutOff").GetDecimal());
        var size = scored.GetProperty("scores").EnumerateArray().Single(s => s.Str("criterion") == "size");
        Assert.Equal(8, size.GetProperty("score").GetInt32());
        Assert.Equal(25m, size.GetProperty("weight").GetDecimal());
        Assert.Equal("Because size is 8", size.Str("reason"));
        Assert.Equal(kam.Id, size.GetProperty("scoredBy").Id());
        Assert.True(size.GetProperty("scoredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        var history = await client.GetAsync($"{Selection(account.Id)}/history").ExpectAsync(HttpStatusCode.OK);
        var entry = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal("star", entry.Str("quadrant"));
        Assert.Equal(kam.Id, entry.GetProperty("by").Id());
        Assert.Equal(10, entry.GetProperty("changes").GetArrayLength());
        Assert.All(entry.GetProperty("changes").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("oldScore").ValueKind));
    }

    [Theory, AllDatabases]
    public async Task Each_change_of_scores_or_stage_adds_a_position_and_an_unchanged_save_adds_none(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var account = await host.CreateAccountAsync(kam);
        using var client = host.ClientFor(kam);
        await client.PutAsync(Selection(account.Id), Star(), "\"0\"").ExpectAsync(HttpStatusCode.OK);

        // Strength up: product 4 → 10 adds 25 × 6 / 100 = 1.5, so 4.15 → 5.65: Strategic.
        using var raise = await client.PutAsync(Selection(account.Id), new { scores = new[] { new { criterion = "product", score = 10, reason = "New service contract" } } }, "\"1\"");
        var strategic = await raise.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", raise.ETag());
        Assert.Equal(5.65m, strategic.GetProperty("strength").GetDecimal());
        Assert.Equal("strategic", strategic.Str("quadrant"));
        Assert.Equal("cooperative", strategic.Str("relationshipStage"));
        Assert.Equal(2_500_000m, strategic.GetProperty("availableSales").GetDecimal());

        // The same values again change nothing: same version, no new position.
        using var same = await client.PutAsync(Selection(account.Id), new { scores = new[] { new { criterion = "product", score = 10, reason = "New service contract" } } }, "\"2\"");
        await same.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", same.ETag());

        // Clearing a score takes the account off the matrix: not scored, never 0.
        using var cleared = await client.PutAsync(Selection(account.Id), new { relationshipStage = "integrated", scores = new[] { new { criterion = "risk", score = (int?)null, reason = "Rating withdrawn" } } }, "\"2\"");
        var unscored = await cleared.ExpectAsync(HttpStatusCode.OK);
        Assert.False(unscored.GetProperty("scored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unscored.GetProperty("quadrant").ValueKind);
        Assert.Equal(["risk"], unscored.GetProperty("missingCriteria").EnumerateArray().Select(e => e.GetString()));

        var history = await client.GetAsync($"{Selection(account.Id)}/history?pageSize=2").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, history.GetProperty("total").GetInt32());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([JsonValueKind.Null, JsonValueKind.String], items.Select(i => i.GetProperty("quadrant").ValueKind));
        Assert.Equal("integrated", items[0].Str("relationshipStage"));
        var clearedChange = Assert.Single(items[0].GetProperty("changes").EnumerateArray());
        Assert.Equal((9, JsonValueKind.Null, "Rating withdrawn"), (clearedChange.GetProperty("oldScore").GetInt32(), clearedChange.GetProperty("newScore").ValueKind, clearedChange.Str("reason")));
        var raised = Assert.Single(items[1].GetProperty("changes").EnumerateArray());
        Assert.Equal(("product", 4, 10), (raised.Str("criterion"), raised.GetProperty("oldScore").GetInt32(), raised.GetProperty("newScore").GetInt32()));
        var next = history.Str("nextPageToken");
        var last = await client.GetAsync($"{Selection(account.Id)}/history?pageSize=2&pageToken={next}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("star", Assert.Single(last.GetProperty("items").EnumerateArray()).Str("quadrant"));
    }

    [Theory, AllDatabases]
    public async Task Two_people_scoring_at_once_cannot_overwrite_each_other(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var account = await host.CreateAccountAsync(junior);
        using var juniorClient = host.ClientFor(junior);
        using var seniorClient = host.ClientFor(senior);

        // Both read version 0; the junior saves first.
        await juniorClient.PutAsync(Selection(account.Id), Star(), "\"0\"").ExpectAsync(HttpStatusCode.OK);
        var problem = await seniorClient.PutAsync(Selection(account.Id), Body([("size", 1)]), "\"0\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());

        await seniorClient.PutAsync(Selection(account.Id), Body([("size", 1)]), null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        var kept = await seniorClient.GetAsync(Selection(account.Id)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(8, kept.GetProperty("scores").EnumerateArray().Single(s => s.Str("criterion") == "size").GetProperty("score").GetInt32());

        // With the version just read, the manager's change goes through.
        await seniorClient.PutAsync(Selection(account.Id), Body([("size", 1)]), "\"1\"").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory, AllDatabases]
    public async Task Bad_input_is_refused_naming_each_field_and_nothing_is_saved(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        using var client = host.ClientFor(kam);

        await client.PutAsync(Selection(account.Id), new
        {
            relationshipStage = "friendly",
            availableSales = -5,
            scores = new object[]
            {
                new { criterion = "size", score = 11, reason = "Huge" },
                new { criterion = "growth", score = 6 },
                new { criterion = "weather", score = 5, reason = "Sunny" },
                new { criterion = "size", score = 5, reason = "Twice" },
            },
        }, "\"0\"").ExpectFieldErrorsAsync("relationshipStage", "availableSales", "scores[0].score", "scores[1].reason", "scores[2].criterion", "scores[3].criterion");

        await client.PutAsync(Selection(account.Id), new { quadrant = "strategic", colour = "red" }, "\"0\"").ExpectFieldErrorsAsync("quadrant", "colour");
        await client.PutAsync(Selection(account.Id), new { scores = new[] { new { criterion = "size", score = 7.5, reason = "Half" } } }, "\"0\"")
            .ExpectFieldErrorsAsync("scores[0].score");

        using var unchanged = await client.GetAsync(Selection(account.Id));
        await unchanged.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"0\"", unchanged.ETag());
    }

    [Theory, AllDatabases]
    public async Task Viewers_and_contributors_read_but_do_not_score_and_strangers_do_not_see(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var owner = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var contributor = await host.CreateUserAsync(KeystoneRole.Contributor);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var stranger = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var account = await host.CreateAccountAsync(owner, team: [contributor]);

        foreach (var reader in new[] { contributor, viewer })
        {
            using var client = host.ClientFor(reader);
            var seen = await client.GetAsync(Selection(account.Id)).ExpectAsync(HttpStatusCode.OK);
            Assert.False(seen.GetProperty("canEdit").GetBoolean());
            await client.PutAsync(Selection(account.Id), Star(), "\"0\"").ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        using (var client = host.ClientFor(stranger))
        {
            await client.GetAsync(Selection(account.Id)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await client.GetAsync($"{Selection(account.Id)}/history").ExpectProblemAsync(HttpStatusCode.NotFound);
            await client.PutAsync(Selection(account.Id), Star(), "\"0\"").ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        using (var client = host.ClientFor(head))
        {
            Assert.True((await client.GetAsync(Selection(account.Id)).ExpectAsync(HttpStatusCode.OK)).GetProperty("canEdit").GetBoolean());
            await client.PutAsync(Selection(account.Id), Star(), "*").ExpectAsync(HttpStatusCode.OK);
        }
        var history = await host.ClientFor(viewer).GetAsync($"{Selection(account.Id)}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, history.GetProperty("total").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task The_matrix_lists_only_accounts_the_caller_sees_with_sales_from_the_kpi_engine(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: senior);
        var other = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var data = new KpiTestData(host);
        var mine = await data.AccountAsync(junior, "mine");
        var theirs = await data.AccountAsync(other, "theirs");
        var unscored = await host.CreateAccountAsync(junior, more: new Core.Accounts.AccountInput { Tier = "key" });

        // Within the last 12 whole months: two lines and a credit note; one line before the window and one this month, outside it.
        var now = DateTime.UtcNow;
        string Day(int monthsBack, int day) => new DateOnly(now.Year, now.Month, 1).AddMonths(-monthsBack).AddDays(day - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await data.Line("mine", Day(2, 10), 1000m).Line("mine", Day(11, 3), 500m).Line("mine", Day(5, 20), -200m)
            .Line("mine", Day(14, 1), 9999m).Line("mine", Day(0, 1), 7777m).Line("theirs", Day(3, 3), 400m).ImportAsync();

        await host.ClientFor(junior).PutAsync(Selection(mine.Id), Star(availableSales: 900_000m), "\"0\"").ExpectAsync(HttpStatusCode.OK);
        await host.ClientFor(other).PutAsync(Selection(theirs.Id), Star(), "\"0\"").ExpectAsync(HttpStatusCode.OK);

        foreach (var caller in new[] { junior, senior })
        {
            var matrix = await host.ClientFor(caller).GetAsync(Matrix).ExpectAsync(HttpStatusCode.OK);
            var ids = matrix.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account").Id()).ToList();
            Assert.Contains(mine.Id, ids);
            Assert.Contains(unscored.Id, ids);
            Assert.DoesNotContain(theirs.Id, ids);
        }

        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var all = await host.ClientFor(head).GetAsync($"{Matrix}?owner={junior.Id}").ExpectAsync(HttpStatusCode.OK);
        var rows = all.GetProperty("accounts").EnumerateArray().ToDictionary(a => a.GetProperty("account").Id());
        Assert.Equal([mine.Id, unscored.Id], rows.Keys.Order());
        var row = rows[mine.Id];
        Assert.Equal(1300m, row.GetProperty("currentSales").GetDecimal());
        Assert.Equal(900_000m, row.GetProperty("availableSales").GetDecimal());
        Assert.Equal("star", row.Str("quadrant"));
        Assert.Equal(7.05m, row.GetProperty("attractiveness").GetDecimal());
        var notScored = rows[unscored.Id];
        Assert.False(notScored.GetProperty("scored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, notScored.GetProperty("attractiveness").ValueKind);
        Assert.Equal(JsonValueKind.Null, notScored.GetProperty("quadrant").ValueKind);

        var keyOnly = await host.ClientFor(head).GetAsync($"{Matrix}?owner={junior.Id}&tier=key").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([unscored.Id], keyOnly.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account").Id()));
        await host.ClientFor(head).GetAsync($"{Matrix}?owner=nobody&tier=gold").ExpectFieldErrorsAsync("owner", "tier");
        Assert.DoesNotContain(theirs.Id, (await host.ClientFor(junior).GetAsync($"{Matrix}?owner={other.Id}").ExpectAsync(HttpStatusCode.OK))
            .GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account").Id()));
    }

    [Theory, AllDatabases]
    public async Task The_shipped_settings_are_those_of_appsettings(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var options = host.Services.GetRequiredService<IOptions<SelectionMatrixOptions>>().Value;
        Assert.Equal(SelectionMatrixOptions.DefaultCriteria.Select(c => (c.Key, c.Name, c.Axis, c.Weight)), options.Criteria.Select(c => (c.Key, c.Name, c.Axis, c.Weight)));
        Assert.Equal(5m, options.CutOff);
        Assert.Equal(StrengthSource.Criteria, options.StrengthFrom);
    }
}

internal static class SelectionRequests
{
    public static Task<HttpResponseMessage> PutAsync(this HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }
}
