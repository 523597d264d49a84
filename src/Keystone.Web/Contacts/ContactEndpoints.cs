using Keystone.Core.Audit;
using Keystone.Core.Common;
using Keystone.Core.Contacts;
using Keystone.Core.Data;
using Keystone.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

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
        group.MapGet("/{id:guid}/vcard", ContactVCardAsync).WithName("GetContactVCard")
            .WithSummary("One contact as a vCard file (4.0 unless version=3.0), with the account's name as ORG.")
            .Produces<string>(StatusCodes.Status200OK, VCardFile.MediaType);

        api.MapPost("/accounts/{id:guid}/contacts/vcard", ImportVCardsAsync).WithTags("Contacts").WithName("ImportContactVCards")
            .WithSummary("Adds the people of a vCard file (2.1, 3.0 or 4.0) to the account.")
            .WithDescription(
                $"Send the .vcf file itself as the request body with Content-Type {VCardFile.MediaType}, at most {ImportVCards.MaxFileBytes / (1024 * 1024)} MB " +
                $"and {ImportVCards.MaxCards:N0} cards. Each card becomes a contact or is listed in 'errors' with its index and line; " +
                "a card whose email address the account already has is listed in 'duplicates' instead. The created contacts are saved together. " +
                "A file that is not a vCard is refused as a whole with 400.")
            .Accepts<string>(VCardFile.MediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/accounts/{id:guid}/contacts/vcard", AccountVCardsAsync).WithTags("Contacts").WithName("ExportContactVCards")
            .WithSummary("The account's contacts you may see as one vCard file (4.0 unless version=3.0).")
            .Produces<string>(StatusCodes.Status200OK, VCardFile.MediaType);
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
        var contact = await UpdateContact.HandleAsync(db, id, expected, input, ct);
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

    private static async Task<Ok<VCardImportResult>> ImportVCardsAsync(Guid id, HttpRequest request, KeystoneDbContext db, CancellationToken ct)
    {
        if (!IsVCardMediaType(request.ContentType))
        {
            throw new BadHttpRequestException(
                $"Send the .vcf file as the request body with Content-Type {VCardFile.MediaType}, not '{request.ContentType}'.",
                StatusCodes.Status415UnsupportedMediaType);
        }
        return TypedResults.Ok(await ImportVCards.HandleAsync(db, id, request.Body, ct));
    }

    private static async Task<FileContentHttpResult> AccountVCardsAsync(Guid id, string? version, KeystoneDbContext db, CancellationToken ct) =>
        ToFile(await ExportVCards.HandleAsync(db, new ExportVCards.Query { AccountId = id }, ExportVCards.ParseVersion(version), ct));

    private static async Task<FileContentHttpResult> ContactVCardAsync(Guid id, string? version, KeystoneDbContext db, CancellationToken ct) =>
        ToFile(await ExportVCards.ContactAsync(db, id, ExportVCards.ParseVersion(version), ct));

    internal static FileContentHttpResult ToFile(VCardFile file) =>
        TypedResults.File(file.ToBytes(), VCardFile.MediaType + "; charset=utf-8", file.FileName);

    // text/x-vcard and text/directory are what older address books send.
    private static bool IsVCardMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Value is { } type
        && (type.Equals(VCardFile.MediaType, StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/x-vcard", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/directory", StringComparison.OrdinalIgnoreCase));

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
            BuyingRole = body.String("buyingRole"),
            Influence = body.Int("influence"),
            Attitude = body.String("attitude"),
            RelationshipOwnerId = body.Guid("relationshipOwnerId"),
            RelationshipStrength = body.Int("relationshipStrength"),
        };
        body.ThrowIfInvalid();
        return input;
    }
}
