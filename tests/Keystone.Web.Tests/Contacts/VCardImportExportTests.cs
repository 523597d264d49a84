using System.Net;
using System.Text;
using Keystone.Core.Access;
using Keystone.Core.Contacts;
using Keystone.Core.Contacts.VCards;
using Keystone.Core.Data;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Keystone.Web.Tests.Revenue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Contacts;

/// <summary>vCard files in and out of an account, through the API, the cookie downloads and the use cases.</summary>
public sealed class VCardImportExportTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    private const string VCard = "text/vcard";

    // A 3.0 card, a 2.1 card from an older phone (quoted-printable UTF-8), and a card without any name.
    private const string ThreeCards =
        "BEGIN:VCARD\r\n" +
        "VERSION:3.0\r\n" +
        "N:Hopper;Grace;;;\r\n" +
        "FN:Grace Hopper\r\n" +
        "TITLE:Rear Admiral\r\n" +
        "EMAIL;TYPE=INTERNET,WORK:Grace.Hopper@Example.com\r\n" +
        "TEL;TYPE=WORK,VOICE:+1 555 010 0199\r\n" +
        "END:VCARD\r\n" +
        "BEGIN:VCARD\r\n" +
        "VERSION:2.1\r\n" +
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n" +
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller\r\n" +
        "TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Leiter Einkauf =C3=96sterreich\r\n" +
        "EMAIL;INTERNET:joerg.mueller@example.at\r\n" +
        "TEL;WORK;VOICE:+43 1 234567\r\n" +
        "END:VCARD\r\n" +
        "BEGIN:VCARD\r\n" +
        "VERSION:3.0\r\n" +
        "TEL:+49 30 1234567\r\n" +
        "NOTE:Met at the fair\\, no name on the badge\r\n" +
        "END:VCARD\r\n";

    [Theory, AllDatabases]
    public async Task A_three_card_file_creates_two_contacts_names_the_broken_card_and_skips_them_the_second_time(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var url = $"/api/v1/accounts/{account.Id}/contacts/vcard";

        var result = await client.PostAsync(url, Body(ThreeCards)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("cards").GetInt32());
        Assert.Equal(2, result.GetProperty("created").GetArrayLength());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("cardIndex").GetInt32());
        Assert.Equal(17, error.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.Str("message")));
        Assert.Empty(result.GetProperty("duplicates").EnumerateArray());
        var list = await client.GetAsync($"/api/v1/contacts?accountId={account.Id}&sort=lastName").ExpectAsync(HttpStatusCode.OK);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(("Grace", "Hopper", "Rear Admiral", "grace.hopper@example.com", "+1 555 010 0199"),
            (items[0].Str("firstName"), items[0].Str("lastName"), items[0].Str("title"), items[0].Str("email"), items[0].Str("phone")));
        Assert.Equal(("Jörg", "Müller", "Leiter Einkauf Österreich", "joerg.mueller@example.at", "+43 1 234567"),
            (items[1].Str("firstName"), items[1].Str("lastName"), items[1].Str("title"), items[1].Str("email"), items[1].Str("phone")));
        var created = await client.GetAsync($"/api/v1/contacts/{items[0].Id()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(kam.Id, created.GetProperty("createdBy").Id());

        var again = await client.PostAsync(url, Body(ThreeCards)).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(again.GetProperty("created").EnumerateArray());
        Assert.Equal([1, 2], again.GetProperty("duplicates").EnumerateArray().Select(d => d.GetProperty("cardIndex").GetInt32()));
        Assert.Single(again.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, await ContactCountAsync(host, account.Id));
    }

    [Theory, AllDatabases]
    public async Task A_file_that_is_not_a_vcard_is_refused_as_a_whole_and_saves_nothing(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var account = await host.CreateAccountAsync(kam);
        var url = $"/api/v1/accounts/{account.Id}/contacts/vcard";

        var problem = await client.PostAsync(url, Body("first name,last name,email\r\nGrace,Hopper,grace@example.com\r\n")).ExpectFieldErrorsAsync("file");
        await client.PostAsync(url, new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]) { Headers = { { "Content-Type", VCard } } })
            .ExpectFieldErrorsAsync("file");
        await client.PostAsync(url, new StringContent(ThreeCards, Encoding.UTF8, "application/json")).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var tooMany = string.Concat(Enumerable.Range(0, ImportVCards.MaxCards + 1).Select(i => $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person {i};Ada\r\nEND:VCARD\r\n"));
        await client.PostAsync(url, Body(tooMany)).ExpectFieldErrorsAsync("file");

        Assert.Contains("not a vCard", problem.ErrorsOf("file")[0], StringComparison.Ordinal);
        Assert.Equal(0, await ContactCountAsync(host, account.Id));
    }

    [Theory, AllDatabases]
    public async Task A_viewer_may_not_import_and_a_junior_does_not_find_a_foreign_account(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var viewer = await host.CreateUserAsync(KeystoneRole.Viewer);
        var junior = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var foreign = await host.CreateAccountAsync(stranger);
        var url = $"/api/v1/accounts/{foreign.Id}/contacts/vcard";

        await host.ClientFor(viewer).PostAsync(url, Body(ThreeCards)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await host.ClientFor(junior).PostAsync(url, Body(ThreeCards)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await host.ClientFor(junior).GetAsync(url).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0, await ContactCountAsync(host, foreign.Id));
    }

    [Theory, AllDatabases]
    public async Task Export_holds_only_visible_contacts_with_the_account_as_org_and_reads_back(DatabaseKind db)
    {
        var (host, kam, client) = await KamAsync(db);
        var own = await host.CreateAccountAsync(kam, $"Own, Ltd {Guid.NewGuid():N}"[..20]);
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var foreign = await host.CreateAccountAsync(stranger);
        var first = await host.CreateContactAsync(own.Id, "Lovelace");
        var second = await host.CreateContactAsync(own.Id, "Noether");
        var hidden = await host.CreateContactAsync(foreign.Id, "Hidden");

        using var response = await client.GetAsync($"/api/v1/accounts/{own.Id}/contacts/vcard");
        var text = await response.Content.ReadAsStringAsync();
        using var v3 = await client.GetAsync($"/api/v1/accounts/{own.Id}/contacts/vcard?version=3.0");
        var one = await client.GetStringAsync($"/api/v1/contacts/{first.Id}/vcard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VCard, response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".vcf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var read = VCardReader.Read(text);
        Assert.Empty(read.Errors);
        Assert.Equal(["Lovelace", "Noether"], read.Contacts.Select(c => c.LastName));
        Assert.All(read.Contacts, c => Assert.Equal(own.Name, c.Organization));
        Assert.Equal([$"urn:uuid:{first.Id}", $"urn:uuid:{second.Id}"], read.Contacts.Select(c => c.Uid));
        Assert.Contains("VERSION:3.0", await v3.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Lovelace", Assert.Single(VCardReader.Read(one).Contacts).LastName);
        await client.GetAsync($"/api/v1/contacts/{hidden.Id}/vcard").ExpectProblemAsync(HttpStatusCode.NotFound);
        await client.GetAsync($"/api/v1/accounts/{own.Id}/contacts/vcard?version=2.1").ExpectFieldErrorsAsync("version");

        // Naming contacts does not reach past the access filter.
        var named = await AsUserAsync(host, kam, db => ExportVCards.HandleAsync(db, new ExportVCards.Query { ContactIds = [first.Id, hidden.Id] }));
        Assert.Equal(["Lovelace"], VCardReader.Read(named.Text).Contacts.Select(c => c.LastName));

        // What Keystone exports comes back as duplicates, not as new people.
        var reimport = await client.PostAsync($"/api/v1/accounts/{own.Id}/contacts/vcard", Body(text)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(reimport.GetProperty("created").EnumerateArray());
        Assert.Equal(2, reimport.GetProperty("duplicates").GetArrayLength());
    }

    [Theory, AllDatabases]
    public async Task The_cookie_download_needs_a_sign_in_and_does_not_find_invisible_accounts(DatabaseKind db)
    {
        var (host, kam, _) = await KamAsync(db);
        var own = await host.CreateAccountAsync(kam);
        var contact = await host.CreateContactAsync(own.Id, "Curie");
        var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var foreign = await host.CreateAccountAsync(stranger);
        var hidden = await host.CreateContactAsync(foreign.Id, "Hidden");
        using var anonymous = host.CreateAnonymousClient();
        using var browser = new BrowserSession(host);
        await SignInAsync(host, browser, kam);

        using (var signedOut = await anonymous.GetAsync($"/accounts/{own.Id}/contacts.vcf"))
        {
            Assert.True(signedOut.StatusCode is HttpStatusCode.Found or HttpStatusCode.Unauthorized, $"Without sign-in: {signedOut.StatusCode}");
            Assert.DoesNotContain("BEGIN:VCARD", await signedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var download = await browser.GetAsync($"/accounts/{own.Id}/contacts.vcf"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(VCard, download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Curie", Assert.Single(VCardReader.Read(await download.Content.ReadAsStringAsync()).Contacts).LastName);
        }
        using (var single = await browser.GetAsync($"/contacts/{contact.Id}.vcf"))
        {
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        }
        using (var invisible = await browser.GetAsync($"/accounts/{foreign.Id}/contacts.vcf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, invisible.StatusCode);
        }
        using (var invisibleContact = await browser.GetAsync($"/contacts/{hidden.Id}.vcf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, invisibleContact.StatusCode);
        }
    }

    [Theory, AllDatabases]
    public async Task Every_shared_vcard_file_imports_or_names_each_card_it_cannot_take(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.SeniorKam);
        var account = await host.CreateAccountAsync(kam);
        var files = Directory.GetFiles(RevenueTestFiles.Datasets("vcard_ez-vcard"), "*.vcf").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var created = 0;

        foreach (var file in files)
        {
            var result = await AsUserAsync(host, kam, db => ImportVCards.HandleAsync(db, account.Id, File.ReadAllBytes(file)));

            var name = Path.GetFileName(file);
            Assert.True(result.Cards > 0, $"{name}: no cards read");
            var accounted = result.Created.Select(c => c.CardIndex).Concat(result.Duplicates.Select(d => d.CardIndex)).Concat(result.Errors.Select(e => e.CardIndex)).Distinct().Count();
            Assert.True(accounted == result.Cards, $"{name}: {result.Cards} cards, but {accounted} were created, skipped or refused");
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{name}: card {e.CardIndex} was refused without a reason"));
            created += result.Created.Count;
        }

        Assert.True(created > 0, "Not one contact was imported from the shared vCard files.");
        Assert.Equal(created, await ContactCountAsync(host, account.Id));
    }

    private static StringContent Body(string text) => new(text, Encoding.UTF8, VCard);

    private async Task<(KeystoneHost Host, TestUser Kam, HttpClient Client)> KamAsync(DatabaseKind db)
    {
        var host = await fixture.HostAsync(db);
        var kam = await host.CreateUserAsync(KeystoneRole.JuniorKam);
        return (host, kam, host.ClientFor(kam));
    }

    private static Task<int> ContactCountAsync(KeystoneHost host, Guid accountId) =>
        host.AsSystemAsync((db, _) => db.Contacts.CountAsync(c => c.AccountId == accountId));

    /// <summary>Runs a use case as <paramref name="user"/>, with the actor the app would load for them.</summary>
    private static async Task<T> AsUserAsync<T>(KeystoneHost host, TestUser user, Func<KeystoneDbContext, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
        var actor = await ActorLoader.LoadAsync(db, user.Id) ?? throw new InvalidOperationException("The test user is not active.");
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actor);
        return await work(db);
    }

    /// <summary>Signs in through the login form, as a browser does, past the first-sign-in password change.</summary>
    private static async Task SignInAsync(KeystoneHost host, BrowserSession browser, TestUser user)
    {
        await host.AsSystemAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false)));
        var fields = await browser.FormFieldsAsync("/account/login");
        fields["Input.Email"] = user.Email;
        fields["Input.Password"] = user.Password;
        using var response = await browser.PostFormAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }
}
