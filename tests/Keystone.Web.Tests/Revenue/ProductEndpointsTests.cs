using System.Net;
using System.Text.Json;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Revenue;

public sealed class ProductEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string Products = "/api/v1/products";

    [Theory, AllDatabases]
    public async Task A_head_of_kam_adds_a_product_once_per_code_and_edits_it_under_its_version(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var t = Tag();

        using var created = await client.PostJsonAsync(Products, new
        {
            code = $"{t}-W1", name = "Widget", category = "Hardware", unit = "pcs",
            standardCosts = new[] { new { currency = "EUR", effectiveFrom = "2026-01-01", unitCost = 6.5m } },
        });
        var product = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("\"1\"", created.ETag());
        Assert.Equal(($"{t}-W1", "Widget", "Hardware", "pcs", "Hardware", false), (product.Str("code"), product.Str("name"), product.Str("category"), product.Str("unit"), product.Str("offering"), product.GetProperty("needsReview").GetBoolean()));
        Assert.Equal([("EUR", "2026-01-01", 6.5m)], Costs(product));

        var conflict = await client.PostJsonAsync(Products, new { code = $"{t}-W1", name = "Again" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(product.Id().ToString(), conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var id = product.Id();
        using var patched = await client.PatchJsonAsync($"{Products}/{id}", new
        {
            name = "Widget XL",
            standardCosts = new[] { new { currency = "EUR", effectiveFrom = "2026-01-01", unitCost = 6.5m }, new { currency = "EUR", effectiveFrom = "2026-07-01", unitCost = 7m } },
        }, "\"1\"");
        var changed = await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", patched.ETag());
        Assert.Equal(("Widget XL", "Hardware"), (changed.Str("name"), changed.Str("category")));
        Assert.Equal([("EUR", "2026-01-01", 6.5m), ("EUR", "2026-07-01", 7m)], Costs(changed));

        // Only the costs changed: still a new version, so an edit based on version 2 cannot overwrite it.
        using var costsOnly = await client.PatchJsonAsync($"{Products}/{id}", new { standardCosts = new[] { new { currency = "EUR", effectiveFrom = "2026-07-01", unitCost = 7.25m } } }, "\"2\"");
        Assert.Equal([("EUR", "2026-07-01", 7.25m)], Costs(await costsOnly.ExpectAsync(HttpStatusCode.OK)));
        Assert.Equal("\"3\"", costsOnly.ETag());
        await client.PatchJsonAsync($"{Products}/{id}", new { name = "Stale" }, "\"2\"").ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await client.PatchJsonAsync($"{Products}/{id}", new { name = "No tag" }, null).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await client.PatchJsonAsync($"{Products}/{id}", new { code = $"{t}-W2" }, "\"3\"").ExpectFieldErrorsAsync("code");

        var read = await client.GetAsync($"{Products}/{id}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Widget XL", 3), (read.Str("name"), read.GetProperty("version").GetInt32()));
        var history = await host.AsSystemAsync((db, _) => db.AuditEntries.CountAsync(a => a.EntityId == id));
        Assert.Equal(3, history);
    }

    [Theory, AllDatabases]
    public async Task A_product_an_import_created_needs_review_until_someone_saves_it(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var t = Tag();
        await ImportAsync(host, Utf8(Header, $"I-{t},1,2024-03-05,{t}-C1,Acme,{t}-NEW,Gizmo from the ERP,1,10,EUR,"), Request(t));

        var flagged = await client.GetAsync($"{Products}?needsReview=true&search={t}").ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(flagged.GetProperty("items").EnumerateArray());
        Assert.Equal(($"{t}-NEW", "Gizmo from the ERP", true), (item.Str("code"), item.Str("name"), item.GetProperty("needsReview").GetBoolean()));

        await client.PatchJsonAsync($"{Products}/{item.Id()}", new { category = "Gizmos" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);

        var after = await client.GetAsync($"{Products}?needsReview=true&search={t}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, after.GetProperty("total").GetInt32());
        var bySearch = await client.GetAsync($"{Products}?search={t.ToUpperInvariant()}-new").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Gizmos", Assert.Single(bySearch.GetProperty("items").EnumerateArray()).Str("category"));
        var categories = await client.GetAsync($"{Products}/categories").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("Gizmos", categories.EnumerateArray().Select(c => c.GetString()));
    }

    [Theory, AllDatabases]
    public async Task A_kam_reads_the_catalogue_without_standard_costs_and_cannot_change_it(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var t = Tag();
        var product = await host.ClientFor(head).PostJsonAsync(Products, new
        {
            code = $"{t}-S1", name = "Service",
            standardCosts = new[] { new { currency = "EUR", effectiveFrom = "2026-01-01", unitCost = 80m } },
        }).ExpectAsync(HttpStatusCode.Created);

        var client = host.ClientFor(kam);
        var read = await client.GetAsync($"{Products}/{product.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("standardCosts").ValueKind);
        var list = await client.GetAsync($"{Products}?search={t}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("standardCosts").ValueKind);
        await client.PostJsonAsync(Products, new { code = $"{t}-S2", name = "Mine" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await client.PatchJsonAsync($"{Products}/{product.Id()}", new { name = "Renamed" }, "\"1\"").ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Service", (await host.ClientFor(head).GetAsync($"{Products}/{product.Id()}").ExpectAsync(HttpStatusCode.OK)).Str("name"));
    }

    [Theory, AllDatabases]
    public async Task Bad_products_are_400_naming_each_field_and_change_nothing(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var t = Tag();

        await client.PostJsonAsync(Products, new { code = "", name = new string('n', 201) }).ExpectFieldErrorsAsync("code", "name");
        var problem = await client.PostJsonAsync(Products, new
        {
            code = $"{t}-B1", name = "Bad costs",
            standardCosts = new object[]
            {
                new { currency = "EURO", effectiveFrom = "2026-01-01", unitCost = 1m },
                new { currency = "EUR", effectiveFrom = "1 March", unitCost = -2m },
                new { currency = "EUR", effectiveFrom = "2026-01-01", unitCost = 1.23456m },
                new { currency = "EUR", effectiveFrom = "2026-02-01", unitCost = 1m },
                new { currency = "EUR", effectiveFrom = "2026-02-01", unitCost = 2m },
            },
        }).ExpectFieldErrorsAsync(
            "standardCosts[0].currency", "standardCosts[1].effectiveFrom", "standardCosts[1].unitCost", "standardCosts[2].unitCost", "standardCosts[4].effectiveFrom");
        Assert.Contains("2026-02-01", problem.ErrorsOf("standardCosts[4].effectiveFrom")[0], StringComparison.Ordinal);
        await client.PostJsonAsync(Products, new { code = $"{t}-B3", name = "Bad price", prices = new[] { new { priceList = "Nowhere", effectiveFrom = "2026-01-01", unitPrice = 3m } } })
            .ExpectFieldErrorsAsync("prices[0].priceList");
        await client.PostJsonAsync(Products, new { code = $"{t}-B2", name = "Server field", version = 4 }).ExpectFieldErrorsAsync("version");

        var none = await client.GetAsync($"{Products}?search={t}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Theory, AllDatabases]
    public async Task A_new_category_or_cost_has_the_stored_kpis_computed_again_and_a_new_name_does_not(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var t = Tag();
        var product = await client.PostJsonAsync(Products, new { code = $"{t}-K1", name = "Kit" }).ExpectAsync(HttpStatusCode.Created);
        var id = product.Id();
        Task<long> RevisionAsync() => host.AsSystemAsync((db, _) => RevenueRevision.ReadAsync(db));

        var before = await RevisionAsync();
        await client.PatchJsonAsync($"{Products}/{id}", new { name = "Kit, renamed" }, "\"1\"").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, await RevisionAsync());
        await client.PatchJsonAsync($"{Products}/{id}", new { category = "Kits" }, "\"2\"").ExpectAsync(HttpStatusCode.OK);
        var afterCategory = await RevisionAsync();
        Assert.True(afterCategory > before);
        await client.PatchJsonAsync($"{Products}/{id}", new { standardCosts = new[] { new { currency = "EUR", effectiveFrom = "2025-01-01", unitCost = 3m } } }, "\"3\"")
            .ExpectAsync(HttpStatusCode.OK);
        Assert.True(await RevisionAsync() > afterCategory);
    }

    [Theory, AllDatabases]
    public async Task Products_have_prices_on_price_lists_that_everyone_reads(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var client = host.ClientFor(head);
        var t = Tag();

        var list = await client.PostJsonAsync("/api/v1/price-lists", new { name = $"List {t}", currency = "usd" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(($"List {t}", "USD"), (list.Str("name"), list.Str("currency")));
        await client.PostJsonAsync("/api/v1/price-lists", new { name = $"List {t}", currency = "EUR" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await client.PostJsonAsync("/api/v1/price-lists", new { name = "", currency = "EURO" }).ExpectFieldErrorsAsync("name", "currency");
        await host.ClientFor(kam).PostJsonAsync("/api/v1/price-lists", new { name = $"Mine {t}", currency = "EUR" }).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var product = await client.PostJsonAsync(Products, new
        {
            code = $"{t}-L1", name = "Licence",
            prices = new[] { new { priceList = $"list {t}", effectiveFrom = "2026-01-01", unitPrice = 120m } },
        }).ExpectAsync(HttpStatusCode.Created);
        using var patched = await client.PatchJsonAsync($"{Products}/{product.Id()}", new
        {
            prices = new[] { new { priceList = $"List {t}", effectiveFrom = "2026-01-01", unitPrice = 120m }, new { priceList = $"List {t}", effectiveFrom = "2026-07-01", unitPrice = 125.5m } },
        }, "\"1\"");
        await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", patched.ETag());

        var read = await host.ClientFor(kam).GetAsync($"{Products}/{product.Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(
            [($"List {t}", "USD", "2026-01-01", 120m), ($"List {t}", "USD", "2026-07-01", 125.5m)],
            read.GetProperty("prices").EnumerateArray().Select(p => (p.Str("priceList"), p.Str("currency"), p.Str("effectiveFrom"), p.GetProperty("unitPrice").GetDecimal())));
        var lists = await host.ClientFor(kam).GetAsync("/api/v1/price-lists").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains($"List {t}", lists.EnumerateArray().Select(l => l.Str("name")));
    }

    [Theory, AllDatabases]
    public async Task A_catalogue_file_adds_new_codes_updates_known_ones_and_sets_costs_and_prices(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var t = Tag();
        await client.PostJsonAsync("/api/v1/price-lists", new { name = $"List {t}", currency = "EUR" }).ExpectAsync(HttpStatusCode.Created);
        // An invoice import met this code and guessed the product; the catalogue file says what it is.
        await ImportAsync(host, Utf8(Header, $"I-{t},1,2024-03-05,{t}-C1,Acme,{t}-OLD,As the ERP wrote it,1,10,EUR,"), Request(t));
        var before = await host.AsSystemAsync((db, _) => RevenueRevision.ReadAsync(db));
        var file = Utf8(
            "code;name;category;unit;standard_cost;cost_currency;cost_from;price_list;list_price;price_from",
            $"{t}-OLD;Old gadget;Gadgets;pcs;4,5;EUR;2024-01-01;List {t};9,90;2024-01-01",
            $"{t}-OLD;;;;5;EUR;2025-01-01;;;",
            $"{t}-NEW;New widget;Widgets;h;;;;List {t};120;2026-01-01");

        var result = await PostCatalogueAsync(client, file).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((3, 1, 1, 0, 2, 2), (result.GetProperty("read").GetInt32(), result.GetProperty("created").GetInt32(), result.GetProperty("updated").GetInt32(),
            result.GetProperty("unchanged").GetInt32(), result.GetProperty("costsSet").GetInt32(), result.GetProperty("pricesSet").GetInt32()));
        var page = await client.GetAsync($"{Products}?search={t}").ExpectAsync(HttpStatusCode.OK);
        var items = page.GetProperty("items").EnumerateArray().ToDictionary(p => p.Str("code")!);
        var old = items[$"{t}-OLD"];
        Assert.Equal(("Old gadget", "Gadgets", "pcs", false), (old.Str("name"), old.Str("category"), old.Str("unit"), old.GetProperty("needsReview").GetBoolean()));
        Assert.Equal([("EUR", "2024-01-01", 4.5m), ("EUR", "2025-01-01", 5m)], Costs(old));
        Assert.Equal(9.90m, Assert.Single(old.GetProperty("prices").EnumerateArray()).GetProperty("unitPrice").GetDecimal());
        var created = items[$"{t}-NEW"];
        Assert.Equal(("New widget", "Widgets", "h"), (created.Str("name"), created.Str("category"), created.Str("unit")));
        Assert.Empty(Costs(created));
        // A category and costs of a product with lines changed the KPIs.
        Assert.True(await host.AsSystemAsync((db, _) => RevenueRevision.ReadAsync(db)) > before);

        var again = await PostCatalogueAsync(client, file).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0, 2, 0, 0), (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32(),
            again.GetProperty("costsSet").GetInt32(), again.GetProperty("pricesSet").GetInt32()));
    }

    [Theory, AllDatabases]
    public async Task A_catalogue_file_with_a_bad_row_saves_nothing_and_names_each_row_and_column(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var t = Tag();
        var file = Utf8(
            "code,name,category,standard_cost,cost_currency,cost_from,price_list,list_price,price_from",
            $"{t}-A,Fine,Things,1,EUR,2026-01-01,,,",
            $"{t}-B,,Things,,,,,,",
            $",Nameless,Things,,,,,,",
            $"{t}-C,Bad cost,Things,-3,EURO,someday,,,",
            $"{t}-D,Bad price,Things,,,,No such list,5,2026-01-01");

        var problem = await PostCatalogueAsync(client, file).ExpectFieldErrorsAsync("products");
        var messages = problem.ErrorsOf("products");

        Assert.Contains(messages, m => m.StartsWith("row 3, name:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("row 4, code:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("row 5, standard_cost:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("row 5, cost_currency:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("row 5, cost_from:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("row 6, price_list:", StringComparison.Ordinal) && m.Contains("No such list", StringComparison.Ordinal));
        Assert.Equal("Nothing was saved.", messages[^1]);
        Assert.Equal(0, (await client.GetAsync($"{Products}?search={t}").ExpectAsync(HttpStatusCode.OK)).GetProperty("total").GetInt32());
        await PostCatalogueAsync(client, Utf8("name,category", "x,y")).ExpectFieldErrorsAsync("file");
        await PostCatalogueAsync(host.ClientFor(await host.CreateUserAsync(KeystoneRole.SeniorKam)), Utf8("code,name", $"{t}-E,Mine")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    private static Task<HttpResponseMessage> PostCatalogueAsync(HttpClient client, byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return client.PostAsync($"{Products}/imports", content);
    }

    private static InvoiceImportRequest Request(string source) => new() { Source = source, Columns = Columns() };

    private static List<(string, string, decimal)> Costs(JsonElement product) =>
        [.. product.GetProperty("standardCosts").EnumerateArray().Select(c => (c.Str("currency")!, c.Str("effectiveFrom")!, c.GetProperty("unitCost").GetDecimal()))];
}
