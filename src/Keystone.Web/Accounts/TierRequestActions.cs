using Keystone.Core.Accounts;
using Keystone.Core.Common;
using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Keystone.Web.Accounts;

/// <summary>Approve, refuse and withdraw as the account page and the tier requests page offer them: a note, then the use case.</summary>
public static class TierRequestActions
{
    /// <summary>Asks for the note and decides; true when the request changed.</summary>
    public static async Task<bool> DecideAsync(
        IDialogService dialogs, IDbContextFactory<KeystoneDbContext> dbFactory, ISnackbar snackbar, TierRequestDetails request, DecideTierRequest.Decision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snackbar);
        var (title, verb) = decision switch
        {
            DecideTierRequest.Decision.Approve => ("Approve tier request", "Approve"),
            DecideTierRequest.Decision.Refuse => ("Refuse tier request", "Refuse"),
            _ => ("Withdraw tier request", "Withdraw"),
        };
        var move = $"{request.Account.Name} from {Name(request.FromTier)} to {Name(request.ToTier)}";
        var message = decision switch
        {
            DecideTierRequest.Decision.Approve => $"Move {move}? The account's tier changes at once.",
            DecideTierRequest.Decision.Refuse => $"Refuse to move {move}? {request.RequestedBy.DisplayName} sees your note.",
            _ => $"Withdraw your request to move {move}?",
        };
        var note = await TierDecisionDialog.AskAsync(dialogs, title, message, verb, noteRequired: decision == DecideTierRequest.Decision.Refuse);
        if (note is null)
        {
            return false;
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var decided = await DecideTierRequest.HandleAsync(db, request.Id, decision, request.Version, note);
            snackbar.Add($"The request to move {move} was {decided.Status}.", Severity.Normal);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            snackbar.Add("Someone else changed this request a moment ago; it is shown as it is now.", Severity.Warning);
            return true;
        }
        catch (Exception e) when (e is ConflictException or ForbiddenException)
        {
            snackbar.Add(e.Message, Severity.Error);
            return true;
        }
        catch (ValidationException e)
        {
            snackbar.Add(string.Join(" ", e.Errors.Values.SelectMany(m => m)), Severity.Error);
            return false;
        }
        catch (NotFoundException)
        {
            snackbar.Add("This request is gone or you no longer have access to its account.", Severity.Normal);
            return true;
        }
    }

    public static string Name(string tier) => AccountTiers.TryParse(tier, out var parsed) ? parsed.DisplayName().ToLowerInvariant() : tier;

    public static string StatusName(string status) => status switch
    {
        "pending" => "Pending",
        "approved" => "Approved",
        "refused" => "Refused",
        "withdrawn" => "Withdrawn",
        _ => status,
    };
}
