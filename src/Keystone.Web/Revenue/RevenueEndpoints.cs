using Keystone.Core.Common;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Revenue;

public static class RevenueEndpoints
{
    public static IEndpointRouteBuilder MapRevenue(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/revenue").WithTags("Revenue").ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/imports", ImportAsync).WithName("ImportInvoiceLines")
            .WithSummary("Imports invoice lines from an ERP export; the same or an overlapping file again adds nothing twice.")
            .WithDescription(
                $"Send the file itself as the request body with Content-Type {InvoiceUploads.CsvMediaType} or {InvoiceUploads.XlsxMediaType}, " +
                $"at most {InvoiceUploads.MaxBytes / (1024 * 1024)} MB. Give either 'mapping' (a saved mapping of the source) or 'columns' " +
                "(invoice=COL,date=COL,customer=COL,product=COL,unit_price=COL and optionally product_name, quantity, line, customer_name, " +
                "country, currency, unit_cost). A file with rejected rows imports nothing unless skipInvalid is true: the answer is 400 " +
                "with the first rejected rows under errors.rows.")
            .Accepts<string>(InvoiceUploads.CsvMediaType, InvoiceUploads.XlsxMediaType)
            .Produces<InvoiceImportResult>(StatusCodes.Status200OK);
        group.MapGet("/imports", ListImportsAsync).WithName("ListInvoiceImports").WithSummary("The latest import runs, newest first, with their counts.");
        group.MapGet("/unmatched-customers", ListUnmatchedAsync).WithName("ListUnmatchedCustomers")
            .WithSummary("Customer ids of imported lines that no account carries and nobody has linked, created or ignored yet.");
        group.MapPost("/unmatched-customers/{id:guid}/link", LinkAsync).WithName("LinkUnmatchedCustomer")
            .WithSummary("Gives an existing account the customer id and attributes the customer's unattributed lines to it.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/unmatched-customers/{id:guid}/create-account", CreateAccountAsync).WithName("CreateAccountForUnmatchedCustomer")
            .WithSummary("Creates an account for the customer, with its id, and attributes its unattributed lines to it.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/unmatched-customers/{id:guid}/ignore", IgnoreAsync).WithName("IgnoreUnmatchedCustomer")
            .WithSummary("Leaves the customer's lines unattributed on purpose.");
        return api;
    }

    public sealed record LinkRequest(Guid AccountId);

    public sealed record CreateAccountRequest(Guid? OwnerId);

    public sealed record CreatedAccount(UnmatchedCustomerItem Customer, Guid AccountId);

    private static async Task<Results<Ok<InvoiceImportResult>, ValidationProblem>> ImportAsync(
        HttpContext http, KeystoneDbContext db, IDatabaseProvider provider, IOptions<RevenueOptions> options, IConfiguration configuration,
        string? source, string? mapping, string? columns, string? currency, bool? createAccounts, bool? skipInvalid, string? saveMapping,
        string? fileName, CancellationToken ct)
    {
        if (mapping is not null && columns is not null)
        {
            throw new ValidationException("columns", "Give either mapping or columns, not both.");
        }
        var extension = InvoiceUploads.AcceptBody(http);
        var request = new InvoiceImportRequest
        {
            Source = source ?? "",
            Columns = columns is null ? null : InvoiceColumns.Parse(columns),
            MappingName = mapping,
            SaveMappingAs = saveMapping,
            DefaultCurrency = currency,
            CreateAccounts = createAccounts ?? false,
            SkipInvalid = skipInvalid ?? false,
        };
        await using var file = await InvoiceUploads.BufferAsync(http.Request.Body, ct);
        var name = Path.GetFileName(fileName ?? "") is { Length: > 0 } given ? given : "upload" + extension;
        var result = await InvoiceUploads.ImportAsync(db, provider, options.Value, configuration, request, file, name, null, ct);
        if (result.Status == ImportStatus.Rejected)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["rows"] = [.. result.FirstProblems.Select(p => p.Column.Length > 0 ? $"Row {p.Row}, column '{p.Column}': {p.Reason}" : $"Row {p.Row}: {p.Reason}")],
                },
                detail: $"{result.Rejected} row(s) were rejected, so nothing was imported. Fix them and send the file again, or add skipInvalid=true to import the other rows.",
                title: "The file has rejected rows.",
                extensions: new Dictionary<string, object?> { ["import"] = result });
        }
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<IReadOnlyList<InvoiceImportListItem>>> ListImportsAsync(KeystoneDbContext db, int? count, CancellationToken ct) =>
        TypedResults.Ok(await ListInvoiceImports.HandleAsync(db, count ?? 100, ct));

    private static async Task<Ok<IReadOnlyList<UnmatchedCustomerItem>>> ListUnmatchedAsync(KeystoneDbContext db, string? source, CancellationToken ct) =>
        TypedResults.Ok(await ListUnmatchedCustomers.HandleAsync(db, source, ct));

    private static async Task<Ok<UnmatchedCustomerItem>> LinkAsync(Guid id, LinkRequest body, KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ResolveUnmatchedCustomer.LinkAsync(db, id, body.AccountId, ct));

    private static async Task<Ok<CreatedAccount>> CreateAccountAsync(Guid id, CreateAccountRequest? body, KeystoneDbContext db, CancellationToken ct)
    {
        var (customer, accountId) = await ResolveUnmatchedCustomer.CreateAccountAsync(db, id, body?.OwnerId, ct);
        return TypedResults.Ok(new CreatedAccount(customer, accountId));
    }

    private static async Task<Ok<UnmatchedCustomerItem>> IgnoreAsync(Guid id, KeystoneDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ResolveUnmatchedCustomer.IgnoreAsync(db, id, ct));
}
