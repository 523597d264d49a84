using System.Net;
using System.Text;
using Keystone.Core.Accounts;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Keystone.Web.Tests.Revenue.RevenueTestFiles;

namespace Keystone.Web.Tests.Revenue;

/// <summary>Invoice imports and the review of unmatched customers through the API, on each database.</summary>
public sealed class RevenueEndpointsTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string ColumnsQuery = "invoice=Invoice,line=Line,date=Date,customer=Customer,customer_name=Customer name,product=Product,product_name=Product name,quantity=Qty,unit_price=Price,currency=Currency,unit_cost=Cost";

    private static Task<HttpResponseMessage> PostFileAsync(HttpClient client, string source, byte[] file, string extra = "")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return client.PostAsync($"/api/v1/revenue/imports?source={source}&columns={Uri.EscapeDataString(ColumnsQuery)}{extra}", content);
    }

    private static Task<int> LineCountAsync(KeystoneHost host, string source, Guid? accountId = null) =>
        host.AsSystemAsync((db, _) => db.InvoiceLines.IgnoreQueryFilters().CountAsync(l => l.Source == source && (accountId == null || l.AccountId == accountId)));

    [Theory, AllDatabases]
    public async Task A_file_imported_twice_is_all_duplicates_the_second_time(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var client = host.ClientFor(await host.CreateUserAsync(KeystoneRole.HeadOfKam));
        var t = Tag();
        var file = Utf8(Header, $"A-{t},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,3,10.5,EUR,", $"A-{t},2,2024-03-05,{t}-C1,Acme,{t}-P2,Gadget,1,5,EUR,");

        var first = await PostFileAsync(client, t, file).ExpectAsync(HttpStatusCode.OK);
        var second = await PostFileAsync(client, t, file).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((2, 2, 0, 1), (first.GetProperty("read").GetInt64(), first.GetProperty("imported").GetInt64(), first.GetProperty("duplicates").GetInt64(), first.GetProperty("unmatchedCustomers").GetInt32()));
        Assert.Equal((2, 0, 2), (second.GetProperty("read").GetInt64(), second.GetProperty("imported").GetInt64(), second.GetProperty("duplicates").GetInt64()));
        Assert.Equal(2, await LineCountAsync(host, t));
        var list = await client.GetAsync("/api/v1/revenue/imports").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, list.EnumerateArray().Count(i => i.Str("source") == t));
    }

    [Theory, AllDatabases]
    public async Task A_bad_row_rejects_the_file_unless_skipInvalid(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var client = host.ClientFor(await host.CreateUserAsync(KeystoneRole.Administrator));
        var t = Tag();
        var file = Utf8(Header, $"A-{t},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,3,10.5,EUR,", $"A-{t},2,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,1,lots,EUR,");

        var problem = await PostFileAsync(client, t, file).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.ErrorsOf("rows"), e => e.StartsWith("Row 3", StringComparison.Ordinal));
        Assert.Equal(0, await LineCountAsync(host, t));

        var skipped = await PostFileAsync(client, t, file, "&skipInvalid=true").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((1, 1), (skipped.GetProperty("imported").GetInt64(), skipped.GetProperty("rejected").GetInt64()));
        Assert.Equal(1, await LineCountAsync(host, t));
    }

    [Theory, AllDatabases]
    public async Task A_missing_field_is_named_and_a_wrong_media_type_refused(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var client = host.ClientFor(await host.CreateUserAsync(KeystoneRole.Administrator));
        var t = Tag();
        await client.PostAsync($"/api/v1/revenue/imports?source={t}&columns=invoice%3DInvoice", new ByteArrayContent(Utf8(Header)) { Headers = { ContentType = new("text/csv") } })
            .ExpectFieldErrorsAsync("columns");
        await client.PostAsync($"/api/v1/revenue/imports?source={t}&columns={Uri.EscapeDataString(ColumnsQuery)}", new StringContent("x", Encoding.UTF8, "application/json"))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory, AllDatabases]
    public async Task A_junior_kam_cannot_import(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var client = host.ClientFor(await host.CreateUserAsync(KeystoneRole.JuniorKam));
        var t = Tag();
        await PostFileAsync(client, t, Utf8(Header, $"A-{t},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,3,10.5,EUR,")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await LineCountAsync(host, t));
    }

    [Theory, AllDatabases]
    public async Task Linking_an_unmatched_customer_gives_its_lines_to_the_account_and_matches_it_next_time(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var head = await host.CreateUserAsync(KeystoneRole.HeadOfKam);
        var client = host.ClientFor(head);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        var t = Tag();
        await PostFileAsync(client, t, Utf8(Header, $"A-{t},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,3,10.5,EUR,")).ExpectAsync(HttpStatusCode.OK);
        var unmatched = await client.GetAsync($"/api/v1/revenue/unmatched-customers?source={t}").ExpectAsync(HttpStatusCode.OK);
        var customer = Assert.Single(unmatched.EnumerateArray());
        Assert.Equal(($"{t}-C1", "Acme", 1), (customer.Str("externalId"), customer.Str("name"), customer.GetProperty("lineCount").GetInt32()));

        await client.PostJsonAsync($"/api/v1/revenue/unmatched-customers/{customer.Id()}/link", new { accountId = account.Id }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, await LineCountAsync(host, t, account.Id));
        Assert.Empty((await client.GetAsync($"/api/v1/revenue/unmatched-customers?source={t}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        var next = await PostFileAsync(client, t, Utf8(Header, $"B-{t},1,2024-03-06,{t}-C1,Acme,{t}-P1,Widget,1,10.5,EUR,")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, next.GetProperty("unmatchedCustomers").GetInt32());
        Assert.Equal(2, await LineCountAsync(host, t, account.Id));
        // A second link of the same customer: it is no longer open.
        await client.PostJsonAsync($"/api/v1/revenue/unmatched-customers/{customer.Id()}/link", new { accountId = account.Id }).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, AllDatabases]
    public async Task An_ignored_customer_stays_unattributed_and_is_no_longer_listed(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var client = host.ClientFor(await host.CreateUserAsync(KeystoneRole.Administrator));
        var t = Tag();
        await PostFileAsync(client, t, Utf8(Header, $"A-{t},1,2024-03-05,{t}-C1,Acme,{t}-P1,Widget,3,10.5,EUR,")).ExpectAsync(HttpStatusCode.OK);
        var customer = Assert.Single((await client.GetAsync($"/api/v1/revenue/unmatched-customers?source={t}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());

        var ignored = await client.PostAsync($"/api/v1/revenue/unmatched-customers/{customer.Id()}/ignore", null).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("ignored", ignored.GetProperty("status").GetString());
        Assert.Empty((await client.GetAsync($"/api/v1/revenue/unmatched-customers?source={t}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(1, await host.AsSystemAsync((db, _) => db.InvoiceLines.IgnoreQueryFilters().CountAsync(l => l.Source == t && l.AccountId == null)));
    }

    [Theory, AllDatabases]
    public async Task Creating_an_account_for_a_customer_gives_it_the_id_and_the_lines(DatabaseKind kind)
    {
        var host = await fixture.HostAsync(kind);
        var client = host.ClientFor(await host.CreateUserAsync(KeystoneRole.Administrator));
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var t = Tag();
        await PostFileAsync(client, t, Utf8(Header, $"A-{t},1,2024-03-05,{t}-C1,Acme {t},{t}-P1,Widget,3,10.5,EUR,")).ExpectAsync(HttpStatusCode.OK);
        var customer = Assert.Single((await client.GetAsync($"/api/v1/revenue/unmatched-customers?source={t}").ExpectAsync(HttpStatusCode.OK)).EnumerateArray());

        var created = await client.PostJsonAsync($"/api/v1/revenue/unmatched-customers/{customer.Id()}/create-account", new { ownerId = kam.Id }).ExpectAsync(HttpStatusCode.OK);

        var accountId = created.GetProperty("accountId").GetGuid();
        var account = await host.AsSystemAsync((db, _) => db.Accounts.Include(a => a.ExternalIds).SingleAsync(a => a.Id == accountId));
        Assert.Equal(($"Acme {t}", kam.Id), (account.Name, account.OwnerId));
        Assert.Contains(account.ExternalIds, x => x.ExternalId == $"{t}-C1");
        Assert.Equal(1, await LineCountAsync(host, t, accountId));
    }
}
