using System.Net;
using System.Text.Json;
using Keystone.Core.Access;
using Keystone.Core.Accounts;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Accounts;

public sealed class AccountEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Accounts = "/api/v1/accounts";

    [Theory, AllDatabases]
    public async Task Create_answers_201_with_the_id_a_location_and_an_etag(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var colleague = await host.CreateUserAsync(KeystoneRole.Contributor);
        using var client = host.ClientFor(kam);
        var erpId = $"ERP-{Guid.NewGuid():N}";

        using var response = await client.PostJsonAsync(Accounts, new
        {
            name = "  Acme Chemicals  ",
            legalName = "Acme Chemicals GmbH",
            industry = "Chemicals",
            country = "de",
            timeZone = "Europe/Berlin",
            currency = "eur",
            website = "acme.example.com",
            tier = "STANDARD",
            team = new[] { new { userId = colleague.Id, role = "Support lead" } },
            externalIds = new[] { new { source = "erp", id = erpId } },
        });
        var account = await response.ExpectAsync(HttpStatusCode.Created);

        var id = account.Id();
        Assert.Equal($"/api/v1/accounts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(1, account.GetProperty("version").GetInt32());
        Assert.Equal("Acme Chemicals", account.Str("name"));
        Assert.Equal("DE", account.Str("country"));
        Assert.Equal("EUR", account.Str("currency"));
        Assert.Equal("Europe/Berlin", account.Str("timeZone"));
        Assert.Equal("https://acme.example.com", account.Str("website"));
        Assert.Equal("standard", account.Str("tier"));
        Assert.Equal(kam.Id, account.GetProperty("owner").Id());
        Assert.Equal(kam.Id, account.GetProperty("createdBy").Id());
        Assert.Equal(colleague.Id, account.GetProperty("team")[0].GetProperty("userId").GetGuid());
        Assert.Equal("Support lead", account.GetProperty("team")[0].Str("role"));
        Assert.Equal(erpId, account.GetProperty("externalIds")[0].Str("id"));
        Assert.True(account.GetProperty("canEdit").GetBoolean());

        using var read = await client.GetAsync(response.Headers.Location);
        var fetched = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, fetched.Id());
        Assert.Equal("\"1\"", read.ETag());
    }

    [Theory, AllDatabases]
    public async Task Get_answers_the_etag_of_the_current_version(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Versioned" });
        await client.PatchJsonAsync($"{Accounts}/{id}", new { industry = "Steel" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);

        using var response = await client.GetAsync($"{Accounts}/{id}");
        var account = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"2\"", response.ETag());
        Assert.Equal(2, account.GetProperty("version").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task A_merge_patch_with_if_match_changes_the_fields_it_names_and_answers_the_new_etag(DatabaseKind db)
    {
        var (_, kam, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Before", industry = "Glass", country = "FR" });

        using var response = await client.PatchJsonAsync($"{Accounts}/{id}", new { name = "After", legalName = "After Ltd" }, "\"1\"");
        var account = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"2\"", response.ETag());
        Assert.Equal("After", account.Str("name"));
        Assert.Equal("After Ltd", account.Str("legalName"));
        Assert.Equal("Glass", account.Str("industry"));
        Assert.Equal("FR", account.Str("country"));
        Assert.Equal(kam.Id, account.GetProperty("updatedBy").Id());
    }

    [Theory, AllDatabases]
    public async Task A_merge_patch_clears_a_field_set_to_null_and_leaves_absent_fields_alone(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Clearable", legalName = "Clearable Ltd", industry = "Paper", website = "https://clearable.example.com" });

        var account = await client.PatchRawAsync($"{Accounts}/{id}", """{"legalName": null, "website": null}""", "\"1\"").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, account.GetProperty("legalName").ValueKind);
        Assert.Equal(JsonValueKind.Null, account.GetProperty("website").ValueKind);
        Assert.Equal("Paper", account.Str("industry"));
        Assert.Equal("Clearable", account.Str("name"));
    }

    [Theory, AllDatabases]
    public async Task A_patch_based_on_a_stale_etag_is_412_and_changes_nothing(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Contested", industry = "First" });
        await client.PatchJsonAsync($"{Accounts}/{id}", new { industry = "Second" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);

        var problem = await client.PatchJsonAsync($"{Accounts}/{id}", new { industry = "Third", name = "Overwritten" }, "\"1\"")
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        var account = await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Second", account.Str("industry"));
        Assert.Equal("Contested", account.Str("name"));
        Assert.Equal(2, account.GetProperty("version").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task A_patch_without_if_match_is_428_and_changes_nothing(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Guarded" });

        await client.PatchJsonAsync($"{Accounts}/{id}", new { name = "Unguarded" }, ifMatch: null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);

        var account = await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Guarded", account.Str("name"));
        Assert.Equal(1, account.GetProperty("version").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task A_patch_with_an_etag_Keystone_did_not_issue_is_400(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Tagged" });

        await client.PatchJsonAsync($"{Accounts}/{id}", new { name = "Other" }, "\"v1-abc\"").ExpectFieldErrorsAsync("If-Match");
    }

    [Theory]
    [AllDatabases("id")]
    [AllDatabases("version")]
    [AllDatabases("createdAt")]
    [AllDatabases("createdBy")]
    [AllDatabases("updatedAt")]
    [AllDatabases("owner")]
    [AllDatabases("canEdit")]
    [AllDatabases("contactCount")]
    [AllDatabases("colour")]
    [AllDatabases("Name")]
    public async Task Unknown_and_server_owned_fields_are_refused_by_name(DatabaseKind db, string field)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Strict" });
        var body = new Dictionary<string, object?> { ["industry"] = "Set", [field] = "2030-01-01T00:00:00Z" };

        var onCreate = await client.PostJsonAsync(Accounts, new Dictionary<string, object?>(body) { ["name"] = "Never created" }).ExpectFieldErrorsAsync(field);
        var onPatch = await client.PatchJsonAsync($"{Accounts}/{id}", body, "\"1\"").ExpectFieldErrorsAsync(field);

        Assert.Contains(field, onCreate.ErrorsOf(field)[0], StringComparison.Ordinal);
        Assert.Contains(field, onPatch.ErrorsOf(field)[0], StringComparison.Ordinal);
        var account = await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, account.GetProperty("industry").ValueKind);
        Assert.Equal(1, account.GetProperty("version").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task Invalid_fields_are_400_problem_details_with_an_error_for_each_field(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);

        var problem = await client.PostJsonAsync(Accounts, new
        {
            name = "   ",
            country = "XX",
            currency = "QQQ",
            timeZone = "Mars/Olympus_Mons",
            website = "not a web address",
            tier = "platinum",
        }).ExpectFieldErrorsAsync("name", "country", "currency", "timeZone", "website", "tier");

        Assert.Contains("required", problem.ErrorsOf("name")[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'XX'", problem.ErrorsOf("country")[0], StringComparison.Ordinal);
        Assert.Contains("'QQQ'", problem.ErrorsOf("currency")[0], StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", problem.ErrorsOf("timeZone")[0], StringComparison.Ordinal);
        Assert.Contains("not a web address", problem.ErrorsOf("website")[0], StringComparison.Ordinal);
        Assert.Contains("platinum", problem.ErrorsOf("tier")[0], StringComparison.Ordinal);
    }

    [Theory, AllDatabases]
    public async Task An_invalid_patch_changes_nothing(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Valid", country = "JP", tier = "standard" });

        await client.PatchJsonAsync($"{Accounts}/{id}", new { name = "Renamed", country = "ZZ", tier = (string?)null }, "\"1\"")
            .ExpectFieldErrorsAsync("country", "tier");

        var account = await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Valid", account.Str("name"));
        Assert.Equal("JP", account.Str("country"));
        Assert.Equal("standard", account.Str("tier"));
        Assert.Equal(1, account.GetProperty("version").GetInt32());
    }

    [Theory]
    [AllDatabases("""{"name": 5}""", "name")]
    [AllDatabases("""{"name": "Typed", "ownerId": "someone"}""", "ownerId")]
    [AllDatabases("""{"name": "Typed", "team": {"userId": "x"}}""", "team")]
    [AllDatabases("""{"name": "Typed", "team": [{"role": "Lead"}]}""", "team[0].userId")]
    [AllDatabases("""["name"]""", "body")]
    [AllDatabases("""{"name": "Unclosed""", "body")]
    public async Task A_body_of_the_wrong_shape_is_400_naming_the_field(DatabaseKind db, string json, string field)
    {
        var (_, _, client) = await KamAsync(db);

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await client.PostAsync(Accounts, content).ExpectFieldErrorsAsync(field);
    }

    [Theory]
    [AllDatabases("pageSize=201", "pageSize")]
    [AllDatabases("pageSize=0", "pageSize")]
    [AllDatabases("sort=owner", "sort")]
    [AllDatabases("tier=gold", "tier")]
    [AllDatabases("pageToken=garbage", "pageToken")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter(DatabaseKind db, string query, string field)
    {
        var (_, _, client) = await KamAsync(db);

        var problem = await client.GetAsync($"{Accounts}?{query}").ExpectFieldErrorsAsync(field);

        Assert.NotEmpty(problem.ErrorsOf(field)[0]);
    }

    [Theory]
    [AllDatabases("pageSize=abc")]
    [AllDatabases("ownerId=not-a-guid")]
    public async Task Unreadable_query_values_are_400_problem_details(DatabaseKind db, string query)
    {
        var (_, _, client) = await KamAsync(db);

        await client.GetAsync($"{Accounts}?{query}").ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory, AllDatabases]
    public async Task The_largest_page_is_200_items(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        await CreateAsync(client, new { name = "One" });

        var page = await client.GetAsync($"{Accounts}?pageSize=200").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextPageToken").ValueKind);
    }

    [Theory]
    [AllDatabases("name")]
    [AllDatabases("-name")]
    [AllDatabases("country")]
    [AllDatabases("-country")]
    [AllDatabases("updatedAt")]
    [AllDatabases("-updatedAt")]
    [AllDatabases("createdAt")]
    public async Task Page_tokens_walk_the_whole_list_once_in_order(DatabaseKind db, string sort)
    {
        var (host, kam, client) = await KamAsync(db);
        var tag = $"pg{Guid.NewGuid():N}"[..14];
        // Countries repeat, so that rows with the same key must be told apart by id.
        var rows = new (string Letter, string? Country)[] { ("d", "FR"), ("a", "DE"), ("g", null), ("c", "FR"), ("f", "AT"), ("b", "DE"), ("e", "FR"), ("h", "DE") };
        var ids = new List<Guid>();
        foreach (var (letter, country) in rows)
        {
            ids.Add((await host.CreateAccountAsync(kam, $"{tag} {letter}", more: new AccountInput { Country = country })).Id);
        }
        // Touch some accounts so that the last change runs in another order than creation.
        foreach (var id in new[] { ids[3], ids[0], ids[6] })
        {
            await client.PatchJsonAsync($"{Accounts}/{id}", new { industry = "Touched" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        }
        var details = new List<JsonElement>();
        foreach (var id in ids)
        {
            details.Add(await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK));
        }

        var walked = new List<Guid>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await client.GetAsync($"{Accounts}?q={tag}&sort={sort}&pageSize=3{(token is null ? "" : "&pageToken=" + token)}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(rows.Length, page.GetProperty("total").GetInt32());
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.Id()));
            token = page.GetProperty("nextPageToken").GetString();
            Assert.True(++pages <= rows.Length, "The pages never end.");
        }
        while (token is not null);

        var descending = sort.StartsWith('-');
        var field = sort.TrimStart('-');
        Func<JsonElement, IComparable> key = field switch
        {
            "name" => a => a.Str("name")!,
            "country" => a => a.Str("country") ?? "",
            "updatedAt" => a => a.GetProperty("updatedAt").GetDateTimeOffset(),
            _ => a => a.GetProperty("createdAt").GetDateTimeOffset(),
        };
        // Ties fall back to the id; version 7 ids order the same as text, as uuid and as Guid.
        var ordered = descending
            ? details.OrderByDescending(key).ThenByDescending(a => a.Id().ToString(), StringComparer.Ordinal)
            : details.OrderBy(key).ThenBy(a => a.Id().ToString(), StringComparer.Ordinal);
        Assert.Equal(ordered.Select(a => a.Id()), walked);
        Assert.Equal(3, pages);
    }

    [Theory, AllDatabases]
    public async Task Search_and_filters_narrow_the_list(DatabaseKind db)
    {
        var (host, kam, _) = await KamAsync(db);
        var other = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var tag = $"sf{Guid.NewGuid():N}"[..14];
        // Tiers other than standard are set by the head of KAM or an administrator (ADR 0006).
        var admin = await host.CreateUserAsync(KeystoneRole.Administrator);
        using var adminClient = host.ClientFor(admin);
        var parent = await CreateAsync(adminClient, new { name = $"{tag} Holding", tier = "strategic", country = "US", ownerId = kam.Id });
        var steel = await CreateAsync(adminClient, new { name = $"{tag} Steelworks", legalName = "Northern Forge AG", tier = "key", country = "DE", parentAccountId = parent, ownerId = kam.Id });
        var glass = await CreateAsync(adminClient, new { name = $"{tag} Glassworks", tier = "key", country = "FR", parentAccountId = parent, ownerId = kam.Id });
        var others = await CreateAsync(adminClient, new { name = $"{tag} Foundry", tier = "managed", country = "DE", ownerId = other.Id });

        Assert.Equal([steel, glass], await ListAsync(adminClient, $"q={tag}%20WORKS&sort=-name"));
        Assert.Equal([steel], await ListAsync(adminClient, $"q={tag}%20forge"));
        Assert.Equal([glass, steel], await ListAsync(adminClient, $"q={tag}&tier=KEY"));
        Assert.Equal([others, steel], await ListAsync(adminClient, $"q={tag}&country=de"));
        Assert.Equal([others], await ListAsync(adminClient, $"q={tag}&ownerId={other.Id}"));
        Assert.Equal([glass, steel], await ListAsync(adminClient, $"parentAccountId={parent}"));
        Assert.Empty(await ListAsync(adminClient, $"q={tag}%20nothing-like-this"));
    }

    [Theory, AllDatabases]
    public async Task A_hierarchy_cannot_loop(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var top = await CreateAsync(client, new { name = "Group" });
        var middle = await CreateAsync(client, new { name = "Region", parentAccountId = top });
        var bottom = await CreateAsync(client, new { name = "Plant", parentAccountId = middle });

        await client.PatchJsonAsync($"{Accounts}/{top}", new { parentAccountId = bottom }, "\"1\"").ExpectFieldErrorsAsync("parentAccountId");
        await client.PatchJsonAsync($"{Accounts}/{top}", new { parentAccountId = middle }, "\"1\"").ExpectFieldErrorsAsync("parentAccountId");
        await client.PatchJsonAsync($"{Accounts}/{top}", new { parentAccountId = top }, "\"1\"").ExpectFieldErrorsAsync("parentAccountId");
        await client.PostJsonAsync(Accounts, new { name = "Orphan", parentAccountId = Guid.NewGuid() }).ExpectFieldErrorsAsync("parentAccountId");

        var group = await client.GetAsync($"{Accounts}/{top}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, group.GetProperty("parent").ValueKind);
        Assert.Equal([middle], group.GetProperty("subsidiaries").EnumerateArray().Select(a => a.Id()));
        var plant = await client.GetAsync($"{Accounts}/{bottom}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(middle, plant.GetProperty("parent").Id());

        // Moving the plant up a level is no loop.
        var moved = await client.PatchJsonAsync($"{Accounts}/{bottom}", new { parentAccountId = top }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(top, moved.GetProperty("parent").Id());
    }

    [Theory, AllDatabases]
    public async Task An_external_id_belongs_to_one_account_per_source_system(DatabaseKind db)
    {
        var (host, _, client) = await KamAsync(db);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var shared = $"C-{Guid.NewGuid():N}";
        var hidden = $"H-{Guid.NewGuid():N}";
        await CreateAsync(client, new { name = "First", externalIds = new[] { new { source = "erp", id = shared } } });
        // An account the KAM cannot see still holds its id.
        await host.CreateAccountAsync(stranger, "Hidden", more: new AccountInput { ExternalIds = new[] { new ExternalIdInput("erp", hidden) } });

        await client.PostJsonAsync(Accounts, new { name = "Second", externalIds = new[] { new { source = "erp", id = shared } } })
            .ExpectFieldErrorsAsync("externalIds[0].id");
        await client.PostJsonAsync(Accounts, new { name = "Third", externalIds = new[] { new { source = "erp", id = hidden } } })
            .ExpectFieldErrorsAsync("externalIds[0].id");
        await client.PostJsonAsync(Accounts, new { name = "Twice", externalIds = new[] { new { source = "crm", id = "1" }, new { source = "crm", id = "2" } } })
            .ExpectFieldErrorsAsync("externalIds[1].source");
        var otherSource = await client.PostJsonAsync(Accounts, new { name = "Fourth", externalIds = new[] { new { source = "salesforce", id = shared } } })
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(shared, otherSource.GetProperty("externalIds")[0].Str("id"));
        var named = await client.GetAsync($"{Accounts}?q=Second").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, named.GetProperty("total").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task An_external_id_can_move_once_its_account_lets_it_go(DatabaseKind db)
    {
        var (_, _, client) = await KamAsync(db);
        var code = $"M-{Guid.NewGuid():N}";
        var first = await CreateAsync(client, new { name = "Old", externalIds = new[] { new { source = "erp", id = code } } });
        var second = await CreateAsync(client, new { name = "New" });

        await client.PatchJsonAsync($"{Accounts}/{first}", new { externalIds = Array.Empty<object>() }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        var moved = await client.PatchJsonAsync($"{Accounts}/{second}", new { externalIds = new[] { new { source = "erp", id = code } } }, "\"1\"")
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(code, moved.GetProperty("externalIds")[0].Str("id"));
    }

    [Theory, AllDatabases]
    public async Task Delete_refuses_an_account_with_contacts_or_subsidiaries_and_removes_one_without(DatabaseKind db)
    {
        var (host, _, client) = await KamAsync(db);
        var withContact = await CreateAsync(client, new { name = "Has people" });
        await host.CreateContactAsync(withContact);
        var withChild = await CreateAsync(client, new { name = "Has child" });
        await CreateAsync(client, new { name = "Child", parentAccountId = withChild });
        var empty = await CreateAsync(client, new { name = "Empty" });

        var problem = await client.DeleteAsync($"{Accounts}/{withContact}", ifMatch: null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await client.DeleteAsync($"{Accounts}/{withChild}", ifMatch: null).ExpectProblemAsync(HttpStatusCode.Conflict);
        await client.DeleteAsync($"{Accounts}/{empty}", ifMatch: "\"2\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.DeleteAsync($"{Accounts}/{empty}", ifMatch: "\"1\"").ExpectAsync(HttpStatusCode.NoContent);

        Assert.Contains("1 contact", problem.Str("detail"), StringComparison.Ordinal);
        await client.GetAsync($"{Accounts}/{withContact}").ExpectAsync(HttpStatusCode.OK);
        await client.GetAsync($"{Accounts}/{withChild}").ExpectAsync(HttpStatusCode.OK);
        await client.GetAsync($"{Accounts}/{empty}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task Only_a_head_of_kam_or_an_administrator_names_another_owner(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var senior = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var contributor = await host.CreateUserAsync(KeystoneRole.Contributor);
        using var headClient = host.ClientFor(head);
        using var juniorClient = host.ClientFor(junior);

        var self = await juniorClient.PostJsonAsync(Accounts, new { name = "Mine by name", ownerId = junior.Id }).ExpectAsync(HttpStatusCode.Created);
        await juniorClient.PostJsonAsync(Accounts, new { name = "Not mine", ownerId = senior.Id }).ExpectFieldErrorsAsync("ownerId");
        await headClient.PostJsonAsync(Accounts, new { name = "To a contributor", ownerId = contributor.Id }).ExpectFieldErrorsAsync("ownerId");
        await headClient.PostJsonAsync(Accounts, new { name = "To nobody", ownerId = Guid.NewGuid() }).ExpectFieldErrorsAsync("ownerId");
        var given = await headClient.PostJsonAsync(Accounts, new { name = "For the junior", ownerId = junior.Id }).ExpectAsync(HttpStatusCode.Created);
        await juniorClient.PatchJsonAsync($"{Accounts}/{self.Id()}", new { ownerId = senior.Id }, "\"1\"").ExpectFieldErrorsAsync("ownerId");

        Assert.Equal(junior.Id, self.GetProperty("owner").Id());
        Assert.Equal(junior.Id, given.GetProperty("owner").Id());
        Assert.Equal(head.Id, given.GetProperty("createdBy").Id());
        await juniorClient.GetAsync($"{Accounts}/{given.Id()}").ExpectAsync(HttpStatusCode.OK);

        // Handed over by the head of KAM, the account leaves the junior's portfolio.
        await headClient.PatchJsonAsync($"{Accounts}/{self.Id()}", new { ownerId = senior.Id }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        await juniorClient.GetAsync($"{Accounts}/{self.Id()}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task The_team_names_each_active_user_once(DatabaseKind db)
    {
        var (host, _, client) = await KamAsync(db);
        var colleague = await host.CreateUserAsync(KeystoneRole.Contributor);
        var id = await CreateAsync(client, new { name = "Teamed" });

        await client.PatchJsonAsync($"{Accounts}/{id}", new { team = new[] { new { userId = colleague.Id, role = "A" }, new { userId = colleague.Id, role = "B" } } }, "\"1\"")
            .ExpectFieldErrorsAsync("team[1].userId");
        await client.PatchJsonAsync($"{Accounts}/{id}", new { team = new[] { new { userId = Guid.NewGuid(), role = "Ghost" } } }, "\"1\"")
            .ExpectFieldErrorsAsync("team[0].userId");
        await client.PatchJsonAsync($"{Accounts}/{id}", new { team = new[] { new { userId = colleague.Id, role = " " } } }, "\"1\"")
            .ExpectFieldErrorsAsync("team[0].role");
        var teamed = await client.PatchJsonAsync($"{Accounts}/{id}", new { team = new[] { new { userId = colleague.Id, role = "Engineer" } } }, "\"1\"")
            .ExpectAsync(HttpStatusCode.OK);
        using var colleagueClient = host.ClientFor(colleague);
        await colleagueClient.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
        var cleared = await client.PatchJsonAsync($"{Accounts}/{id}", new { team = (object?)null }, "\"2\"").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Engineer", teamed.GetProperty("team")[0].Str("role"));
        Assert.Empty(cleared.GetProperty("team").EnumerateArray());
        await colleagueClient.GetAsync($"{Accounts}/{id}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task Of_two_edits_based_on_the_same_version_exactly_one_wins(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Raced" });
        var editors = Enumerable.Range(0, 5).Select(_ => host.ClientFor(kam)).ToList();
        try
        {
            // Five clients read version 1 and write at once: the database lets one through.
            var responses = await Task.WhenAll(editors.Select((c, i) => c.PatchJsonAsync($"{Accounts}/{id}", new { industry = $"Edit {i}" }, "\"1\"")));

            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1, "Statuses: " + string.Join(", ", statuses));
            Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
            foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
            {
                await refused.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
            }
            var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
            var account = await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal($"Edit {winner}", account.Str("industry"));
            Assert.Equal(2, account.GetProperty("version").GetInt32());
            var history = await client.GetAsync($"{Accounts}/{id}/history").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, history.GetProperty("total").GetInt32());
        }
        finally
        {
            editors.ForEach(e => e.Dispose());
        }
    }

    [Theory, AllDatabases]
    public async Task The_database_refuses_a_write_based_on_a_stale_version_and_keeps_no_audit_of_it(DatabaseKind db)
    {
        var (host, _, client) = await KamAsync(db);
        var id = await CreateAsync(client, new { name = "Read early" });
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
        var early = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var stale = await early.Accounts.SingleAsync(a => a.Id == id);

        await client.PatchJsonAsync($"{Accounts}/{id}", new { industry = "Written first" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        stale.Industry = "Written late";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => early.SaveChangesAsync());
        var account = await client.GetAsync($"{Accounts}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Written first", account.Str("industry"));
        Assert.Equal(2, account.GetProperty("version").GetInt32());
        var history = await client.GetAsync($"{Accounts}/{id}/history").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, history.GetProperty("total").GetInt32());
    }

    private async Task<(KeystoneHost Host, TestUser Kam, HttpClient Client)> KamAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        return (host, kam, host.ClientFor(kam));
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object body) =>
        (await client.PostJsonAsync(Accounts, body).ExpectAsync(HttpStatusCode.Created)).Id();

    private static async Task<List<Guid>> ListAsync(HttpClient client, string query)
    {
        var page = await client.GetAsync($"{Accounts}?{query}").ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(a => a.Id())];
    }
}
