using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keystone.Web.Revenue;

/// <summary>The fields of a product; standardCosts and prices, when sent, replace the product's standard costs or list prices whole.</summary>
public sealed record ProductWrite(string? Code, string? Name, string? Category, string? Unit, IReadOnlyList<ProductCostWrite>? StandardCosts, IReadOnlyList<ProductPriceWrite>? Prices);

/// <summary>A list price: the price list's name, effectiveFrom (2026-01-01) and unitPrice in the list's currency.</summary>
public sealed record ProductPriceWrite(string? PriceList, string? EffectiveFrom, decimal? UnitPrice);

/// <summary>A new price list: a name and the currency of its prices.</summary>
public sealed record PriceListWrite(string? Name, string? Currency);

/// <summary>A standard unit cost: currency (ISO 4217), effectiveFrom (2026-01-01) and unitCost (at most four decimals).</summary>
public sealed record ProductCostWrite(string? Currency, string? EffectiveFrom, decimal? UnitCost);

public static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapGet("/", ListAsync).WithName("ListProducts")
            .WithSummary("The product catalogue by code, a page at a time; standardCosts only for administrators and heads of KAM.")
            .WithDescription("search: part of the code or name; needsReview: true for the products an import created that nobody has saved since; category: exactly this offering.");
        products.MapGet("/categories", CategoriesAsync).WithName("ListProductCategories")
            .WithSummary("The categories (offerings) in use; a product without one is its own offering (KPIS.md).");
        products.MapPost("/", CreateAsync).WithName("CreateProduct")
            .WithSummary("Adds a product; its code is its key in the ERP and must be new (409 otherwise).")
            .Accepts<ProductWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        products.MapPost("/imports", ImportAsync).WithName("ImportProducts")
            .WithSummary("Loads the catalogue from a CSV or .xlsx sent as the body: adds unknown codes, updates known ones, sets standard costs and list prices; a bad row refuses the whole file.")
            .WithDescription("Columns: code, and any of name, category, unit, standard_cost, cost_currency, cost_from, price_list, list_price, price_from. " +
                             "An empty cell leaves a field as it is; a code may take several rows, one cost or price each.")
            .Accepts<string>(InvoiceUploads.CsvMediaType, InvoiceUploads.XlsxMediaType)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        products.MapGet("/{id:guid}", GetAsync).WithName("GetProduct").WithSummary("One product, with its ETag.");
        products.MapPatch("/{id:guid}", PatchAsync).WithName("UpdateProduct")
            .WithSummary("Changes a product's name, category, unit, standard costs or list prices by JSON merge patch and marks it reviewed; If-Match must carry the ETag you read. A new category or new costs recompute the stored KPIs.")
            .Accepts<ProductWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        var lists = api.MapGroup("/price-lists").WithTags("Products");
        lists.MapGet("/", ListPriceListsAsync).WithName("ListPriceLists").WithSummary("The price lists, by name, each in one currency.");
        lists.MapPost("/", CreatePriceListAsync).WithName("CreatePriceList")
            .WithSummary("Adds a price list in one currency; products get prices on it through their prices field.")
            .Accepts<PriceListWrite>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PriceListDetails>>> ListPriceListsAsync(KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ListPriceLists.HandleAsync(db, ct));

    private static async Task<Created<PriceListDetails>> CreatePriceListAsync(HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var name = body.String("name");
        var currency = body.String("currency");
        body.ThrowIfInvalid();
        var list = await CreatePriceList.HandleAsync(db, name.GetValueOrDefault(null), currency.GetValueOrDefault(null), ct);
        return TypedResults.Created($"/api/v1/price-lists/{list.Id}", list);
    }

    private static async Task<Ok<Page<ProductDetails>>> ListAsync(
        KeystoneDbContext db, string? search, bool? needsReview, string? category, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await ListProducts.HandleAsync(db, new ListProducts.Query
        {
            Search = search,
            NeedsReview = needsReview,
            Category = category,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Ok<IReadOnlyList<string>>> CategoriesAsync(KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ListProducts.CategoriesAsync(db, ct));

    private static async Task<Created<ProductDetails>> CreateAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var product = await CreateProduct.HandleAsync(db, await ReadAsync(request, ct), ct);
        ETags.Set(response, product.Version);
        return TypedResults.Created($"/api/v1/products/{product.Id}", product);
    }

    private static async Task<Ok<ProductImportResult>> ImportAsync(HttpContext http, KeystoneDbContext db, CancellationToken ct)
    {
        var extension = InvoiceUploads.AcceptBody(http);
        await using var file = await InvoiceUploads.BufferAsync(http.Request.Body, ct);
        try
        {
            return TypedResults.Ok(await ImportProducts.HandleAsync(db, file, "products" + extension, ct));
        }
        catch (InvoiceFileException e)
        {
            throw new ValidationException("file", e.Message);
        }
    }

    private static async Task<Ok<ProductDetails>> GetAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var product = await ProductDetails.LoadAsync(db, id, ct);
        ETags.Set(response, product.Version);
        return TypedResults.Ok(product);
    }

    private static async Task<Ok<ProductDetails>> PatchAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var product = await UpdateProduct.HandleAsync(db, id, expected, await ReadAsync(request, ct), ct);
        ETags.Set(response, product.Version);
        return TypedResults.Ok(product);
    }

    private static async Task<ProductInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new ProductInput
        {
            Code = body.String("code"),
            Name = body.String("name"),
            Category = body.String("category"),
            Unit = body.String("unit"),
            StandardCosts = body.Array("standardCosts", (e, path, v) => new ProductCostInput(
                JsonBody.ReadString(e, path, "currency", v), JsonBody.ReadString(e, path, "effectiveFrom", v), JsonBody.ReadDecimal(e, path, "unitCost", v))),
            Prices = body.Array("prices", (e, path, v) => new ProductPriceInput(
                JsonBody.ReadString(e, path, "priceList", v), JsonBody.ReadString(e, path, "effectiveFrom", v), JsonBody.ReadDecimal(e, path, "unitPrice", v))),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
