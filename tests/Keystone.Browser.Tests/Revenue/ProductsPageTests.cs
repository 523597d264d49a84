using Keystone.Browser.Tests.Access;
using Keystone.Browser.Tests.Accessibility;
using Keystone.Browser.Tests.Hosting;
using Keystone.Core.Revenue;
using Keystone.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Keystone.Browser.Tests.Revenue;

[Collection(SiteCollection.Name)]
public sealed class ProductsPageTests(KeystoneSite site)
{
    [Fact]
    public async Task A_head_of_kam_reviews_a_product_an_import_created_and_adds_one_with_a_standard_cost()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var code = $"P-{Guid.NewGuid():N}"[..14];
        await site.RunAsAsync(head, async db =>
        {
            db.Products.Add(new Product { Code = code, Name = "Gizmo as the ERP wrote it", CreatedByImport = true });
            return await db.SaveChangesAsync();
        });
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(head);
        var products = new ProductsPage(page);

        await products.GotoAsync();
        await products.SearchAsync(code);
        await Expect(products.Row(code)).ToContainTextAsync("created by an import");
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await products.Row(code).GetByTestId("product-edit").ClickAsync();
        await products.Field("product-category").FillAsync("Gizmos");
        await products.Field("product-name").FillAsync("Gizmo");
        await page.GetByTestId("product-cost-add").ClickAsync();
        await products.Field("product-cost-currency").FillAsync("EUR");
        await products.Field("product-cost-from").FillAsync("2026-01-01");
        await products.Field("product-cost-amount").FillAsync("twelve");
        await page.GetByTestId("product-save").ClickAsync();
        // A bad cost keeps everything typed, with the problem under its field.
        await Expect(page.GetByTestId("product-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("product-form")).ToContainTextAsync("is not a number");
        await Expect(products.Field("product-category")).ToHaveValueAsync("Gizmos");
        await products.Field("product-cost-amount").FillAsync("12.5");
        await page.GetByTestId("product-save").ClickAsync();

        await Expect(page.GetByTestId("product-message")).ToContainTextAsync($"Saved {code}.");
        await Expect(products.Row(code)).Not.ToContainTextAsync("created by an import");
        await Expect(products.Row(code)).ToContainTextAsync("Gizmos");
        await Expect(products.Row(code)).ToContainTextAsync("12.5 EUR from 2026-01-01");
        var saved = await site.RunAsAsync(head, db => db.Products.AsNoTracking().SingleAsync(p => p.Code == code));
        Assert.Equal(("Gizmo", "Gizmos", false, 2), (saved.Name, saved.Category, saved.CreatedByImport, saved.Version));

        // A code that exists already is refused with a message naming it, and the form keeps what was typed.
        await page.GetByTestId("product-new").ClickAsync();
        await products.Field("product-code").FillAsync(code);
        await products.Field("product-name").FillAsync("Duplicate");
        await page.GetByTestId("product-save").ClickAsync();
        await Expect(page.GetByTestId("product-error")).ToContainTextAsync($"There is already a product with code '{code}'");
        await Expect(products.Field("product-name")).ToHaveValueAsync("Duplicate");

        // The catalogue from a file: a bad row refuses it whole and is named; a good file adds its products.
        var fileCode = $"F-{Guid.NewGuid():N}"[..14];
        await page.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload
        {
            Name = "catalogue.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"code,name,category\n{fileCode},From a file,Files\n{fileCode}-2,,Files\n"),
        });
        await Expect(page.GetByTestId("product-file-errors")).ToContainTextAsync($"row 3, name: {fileCode}-2 is a new product; give its name.");
        await page.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload
        {
            Name = "catalogue.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"code,name,category\n{fileCode},From a file,Files\n"),
        });
        await Expect(page.GetByTestId("product-message")).ToContainTextAsync("1 product(s) added");
        await products.SearchAsync(fileCode);
        await Expect(products.Row(fileCode)).ToContainTextAsync("Files");
    }

    [Fact]
    public async Task A_kam_reads_the_catalogue_without_costs_or_edit_buttons()
    {
        var head = await site.CreateUserAsync(KeystoneRole.HeadOfKam, "Hana Head");
        var kam = await site.CreateUserAsync(KeystoneRole.JuniorKam, "Jo Junior");
        var code = $"S-{Guid.NewGuid():N}"[..14];
        await site.RunAsAsync(head, db => CreateProduct.HandleAsync(db, new ProductInput
        {
            Code = code,
            Name = "Support plan",
            Category = "Services",
            StandardCosts = new List<ProductCostInput> { new("EUR", "2026-01-01", 40m) },
        }));
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page).SignInAsAsync(kam);
        var products = new ProductsPage(page);

        await products.GotoAsync();
        await products.SearchAsync(code);

        await Expect(products.Row(code)).ToContainTextAsync("Services");
        await Expect(products.Row(code)).Not.ToContainTextAsync("40");
        await Expect(page.GetByTestId("product-edit")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("product-new")).ToHaveCountAsync(0);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }
}

/// <summary>The product catalogue page.</summary>
public sealed class ProductsPage(IPage page)
{
    public async Task GotoAsync()
    {
        await page.GotoAsync("/products");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
    }

    public ILocator Field(string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").Last;

    public ILocator Row(string code) => page.GetByTestId("product-table").Locator("tbody tr").Filter(new() { HasText = code });

    public async Task SearchAsync(string text)
    {
        await Field("product-search").FillAsync(text);
        await Expect(page.GetByTestId("product-total")).ToHaveTextAsync("1 product(s)");
    }
}
