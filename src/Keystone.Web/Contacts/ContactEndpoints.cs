using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keystone.Web.Contacts;

public static class ContactEndpoints
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/contacts").WithTags("Contacts");
        group.MapGet("/", ListAsync).WithName("ListContacts").WithSummary("Lists the people at accounts you may see, a page at a time.");
        group.MapPost("/", CreateAsync).WithName("CreateContact").WithSummary("Adds a person to an account.")
            .Accepts<ContactWrite>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetContact").WithSummary("One contact, with its ETag.");
        group.MapPatch("/{id:guid}", PatchAsync).WithName("UpdateContact")
            .WithSummary("Changes a contact by JSON merge patch; If-Match must carry the ETag you read.")
            .Accepts<ContactWrite>("application/merge-patch+json", "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteContact").WithSummary("Removes a contact; their reports then report to no one.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetContactHistory").WithSummary("Who changed what on the contact, newest first.");
        return api;
    }

    private static async Task<Ok<Page<ContactListItem>>> ListAsync(
        KeystoneDbContext db, string? q, Guid? accountId, string? sort, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await ListContacts.HandleAsync(db, new ListContacts.Query
        {
            Search = q,
            AccountId = accountId,
            Sort = sort,
            PageSize = pageSize,
            PageToken = pageToken,
        }, ct));

    private static async Task<Created<ContactDetails>> CreateAsync(HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var contact = await CreateContact.HandleAsync(db, await ReadAsync(request, ct), ct);
        ETags.Set(response, contact.Version);
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", contact);
    }

    private static async Task<Ok<ContactDetails>> GetAsync(Guid id, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var contact = await GetContact.HandleAsync(db, id, ct);
        ETags.Set(response, contact.Version);
        return TypedResults.Ok(contact);
    }

    private static async Task<Ok<ContactDetails>> PatchAsync(Guid id, HttpRequest request, HttpResponse response, KeystoneDbContext db, CancellationToken ct)
    {
        var expected = ETags.ReadIfMatch(request, required: true);
        var input = await ReadAsync(request, ct);
        expected ??= (await GetContact.HandleAsync(db, id, ct)).Version;
        var contact = await UpdateContact.HandleAsync(db, id, expected.Value, input, ct);
        ETags.Set(response, contact.Version);
        return TypedResults.Ok(contact);
    }

    private static async Task<NoContent> DeleteAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        await DeleteContact.HandleAsync(db, id, ETags.ReadIfMatch(request, required: false), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<HistoryEntry>>> HistoryAsync(Guid id, KeystoneDbContext db, int? pageSize, string? pageToken, CancellationToken ct) =>
        TypedResults.Ok(await GetHistory.HandleAsync(db, nameof(Contact), id, pageSize, pageToken, ct));

    private static async Task<ContactInput> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var input = new ContactInput
        {
            AccountId = body.Guid("accountId"),
            FirstName = body.String("firstName"),
            LastName = body.String("lastName"),
            Title = body.String("title"),
            Email = body.String("email"),
            Phone = body.String("phone"),
            ReportsToId = body.Guid("reportsToId"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
