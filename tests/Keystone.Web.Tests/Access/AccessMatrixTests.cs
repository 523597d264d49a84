using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keystone.Core.Activities;
using Keystone.Core.Tokens;
using Keystone.Core.Users;
using Keystone.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keystone.Web.Tests.Access;

/// <summary>
/// Who may do what through the API: every route under /api/v1, for every role, on a record of
/// their own, of someone they manage, of an account whose team they are on, and of a stranger.
/// A route the table does not list fails <see cref="Every_api_route_is_in_the_matrix"/>: a new
/// route is not done until its access rules are written down here.
/// </summary>
public sealed partial class AccessMatrixTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    /// <summary>Whose record the call is about.</summary>
    public enum Target
    {
        /// <summary>A collection or the caller themselves: no record of anyone in particular.</summary>
        None,

        /// <summary>The caller's own record: an account they own (or its contact), themselves, their token.</summary>
        Own,

        /// <summary>A record of a junior KAM the caller manages.</summary>
        Managed,

        /// <summary>An account of someone else on whose team the caller is.</summary>
        Team,

        /// <summary>A record of a KAM who has nothing to do with the caller.</summary>
        Foreign,
    }

    private const int NA = 0;

    // The roles of the columns below, in order.
    private static readonly KeystoneRole[] Roles =
        [KeystoneRole.Administrator, KeystoneRole.HeadOfKam, KeystoneRole.SeniorKam, KeystoneRole.JuniorKam, KeystoneRole.Contributor, KeystoneRole.Viewer];

    // NA: the case does not exist (a contributor owns no accounts and manages no one).
    // POST /accounts/ names the owner: left out (Own), the managed junior (Managed), a stranger (Foreign).
    // POST /contacts/ adds a person to the target's account. GET /tokens/ Foreign asks for a stranger's tokens.
    private static readonly Row[] Matrix =
    [
        //  route                                          target            admin head senior junior contrib viewer
        new("GET /api/v1/accounts/",                       Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/accounts/",                      Target.Own,       201,  201, 201,   201,   403,    403),
        new("POST /api/v1/accounts/",                      Target.Managed,   201,  201, 400,   400,   NA,     NA),
        new("POST /api/v1/accounts/",                      Target.Foreign,   201,  201, 400,   400,   403,    403),
        new("GET /api/v1/accounts/{id:guid}",              Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}",              Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}",              Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}",              Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PATCH /api/v1/accounts/{id:guid}",            Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/accounts/{id:guid}",            Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/accounts/{id:guid}",            Target.Team,      200,  200, 200,   200,   403,    403),
        new("PATCH /api/v1/accounts/{id:guid}",            Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("DELETE /api/v1/accounts/{id:guid}",           Target.Own,       204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/accounts/{id:guid}",           Target.Managed,   204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/accounts/{id:guid}",           Target.Team,      204,  204, 403,   403,   403,    403),
        new("DELETE /api/v1/accounts/{id:guid}",           Target.Foreign,   204,  204, 404,   404,   404,    403),
        new("GET /api/v1/accounts/{id:guid}/history",      Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/history",      Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/history",      Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/history",      Target.Foreign,   200,  200, 404,   404,   404,    200),

        new("GET /api/v1/contacts/",                       Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/contacts/",                      Target.Own,       201,  201, 201,   201,   NA,     NA),
        new("POST /api/v1/contacts/",                      Target.Managed,   201,  201, 201,   201,   NA,     NA),
        new("POST /api/v1/contacts/",                      Target.Team,      201,  201, 201,   201,   201,    403),
        new("POST /api/v1/contacts/",                      Target.Foreign,   201,  201, 400,   400,   400,    403),
        new("GET /api/v1/contacts/{id:guid}",              Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}",              Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}",              Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/contacts/{id:guid}",              Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PATCH /api/v1/contacts/{id:guid}",            Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/contacts/{id:guid}",            Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/contacts/{id:guid}",            Target.Team,      200,  200, 200,   200,   200,    403),
        new("PATCH /api/v1/contacts/{id:guid}",            Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("DELETE /api/v1/contacts/{id:guid}",           Target.Own,       204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/contacts/{id:guid}",           Target.Managed,   204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/contacts/{id:guid}",           Target.Team,      204,  204, 204,   204,   204,    403),
        new("DELETE /api/v1/contacts/{id:guid}",           Target.Foreign,   204,  204, 404,   404,   404,    403),
        new("GET /api/v1/contacts/{id:guid}/history",      Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}/history",      Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}/history",      Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/contacts/{id:guid}/history",      Target.Foreign,   200,  200, 404,   404,   404,    200),

        // vCard import and export (issue 3): importing is adding people, so it follows POST /contacts/,
        // except that a foreign account is named in the path and so is not found rather than invalid.
        new("POST /api/v1/accounts/{id:guid}/contacts/vcard", Target.Own,     200,  200, 200,   200,   NA,     NA),
        new("POST /api/v1/accounts/{id:guid}/contacts/vcard", Target.Managed, 200,  200, 200,   200,   NA,     NA),
        new("POST /api/v1/accounts/{id:guid}/contacts/vcard", Target.Team,    200,  200, 200,   200,   200,    403),
        new("POST /api/v1/accounts/{id:guid}/contacts/vcard", Target.Foreign, 200,  200, 404,   404,   404,    403),
        new("GET /api/v1/accounts/{id:guid}/contacts/vcard",  Target.Own,     200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/contacts/vcard",  Target.Managed, 200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/contacts/vcard",  Target.Team,    200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/contacts/vcard",  Target.Foreign, 200,  200, 404,   404,   404,    200),
        new("GET /api/v1/contacts/{id:guid}/vcard",        Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}/vcard",        Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}/vcard",        Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/contacts/{id:guid}/vcard",        Target.Foreign,   200,  200, 404,   404,   404,    200),

        // KPIs (issue 4): the scope is in the query. None asks for the company, Own for the caller's
        // portfolio (kam:), Managed for the managed junior's team (team:), Team for an account whose
        // team the caller is on (account:), Foreign for a stranger's account with its subsidiaries
        // (account-tree:). The company is for those who see every account only.
        new("GET /api/v1/kpis",                            Target.None,      200,  200, 403,   403,   403,    200),
        new("GET /api/v1/kpis",                            Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis",                            Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/kpis",                            Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis",                            Target.Foreign,   200,  200, 404,   404,   404,    200),

        // Revenue imports and unmatched customers (issue 4): they touch every account's revenue, so
        // only administrators and heads of KAM may; linking names an own or a foreign account.
        new("POST /api/v1/revenue/imports",                Target.None,      200,  200, 403,   403,   403,    403),
        new("GET /api/v1/revenue/imports",                 Target.None,      200,  200, 403,   403,   403,    403),
        new("GET /api/v1/revenue/unmatched-customers",     Target.None,      200,  200, 403,   403,   403,    403),
        new("POST /api/v1/revenue/unmatched-customers/{id:guid}/link", Target.Own,     200, 200, 403, 403, NA,  NA),
        new("POST /api/v1/revenue/unmatched-customers/{id:guid}/link", Target.Foreign, 200, 200, 403, 403, 403, 403),
        new("POST /api/v1/revenue/unmatched-customers/{id:guid}/ignore", Target.None, 200, 200, 403, 403, 403, 403),
        new("POST /api/v1/revenue/unmatched-customers/{id:guid}/create-account", Target.None, 200, 200, 403, 403, 403, 403),
        // End of revenue imports.

        // Activities and tasks (issue 3, "Activity"): logging follows adding people (POST /contacts/),
        // reading follows the account. POST /tasks/ assigns the task to the caller. meetings-and-calls
        // is about a user: the caller (Own), the managed junior (Managed) or a stranger (Foreign).
        new("GET /api/v1/activities/",                     Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/activities/",                    Target.Own,       201,  201, 201,   201,   NA,     NA),
        new("POST /api/v1/activities/",                    Target.Managed,   201,  201, 201,   201,   NA,     NA),
        new("POST /api/v1/activities/",                    Target.Team,      201,  201, 201,   201,   201,    403),
        new("POST /api/v1/activities/",                    Target.Foreign,   201,  201, 400,   400,   400,    403),
        new("GET /api/v1/activities/{id:guid}",            Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/activities/{id:guid}",            Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/activities/{id:guid}",            Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/activities/{id:guid}",            Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PATCH /api/v1/activities/{id:guid}",          Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/activities/{id:guid}",          Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/activities/{id:guid}",          Target.Team,      200,  200, 200,   200,   200,    403),
        new("PATCH /api/v1/activities/{id:guid}",          Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("DELETE /api/v1/activities/{id:guid}",         Target.Own,       204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/activities/{id:guid}",         Target.Managed,   204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/activities/{id:guid}",         Target.Team,      204,  204, 204,   204,   204,    403),
        new("DELETE /api/v1/activities/{id:guid}",         Target.Foreign,   204,  204, 404,   404,   404,    403),
        new("GET /api/v1/activities/{id:guid}/history",    Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/activities/{id:guid}/history",    Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/activities/{id:guid}/history",    Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/activities/{id:guid}/history",    Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/activities/{id:guid}/ics",        Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/activities/{id:guid}/ics",        Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/activities/{id:guid}/ics",        Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/activities/{id:guid}/ics",        Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/tasks/",                          Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/tasks/",                         Target.Own,       201,  201, 201,   201,   NA,     NA),
        new("POST /api/v1/tasks/",                         Target.Managed,   201,  201, 201,   201,   NA,     NA),
        new("POST /api/v1/tasks/",                         Target.Team,      201,  201, 201,   201,   201,    403),
        new("POST /api/v1/tasks/",                         Target.Foreign,   201,  201, 400,   400,   400,    403),
        new("GET /api/v1/tasks/{id:guid}",                 Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/tasks/{id:guid}",                 Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/tasks/{id:guid}",                 Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/tasks/{id:guid}",                 Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PATCH /api/v1/tasks/{id:guid}",               Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/tasks/{id:guid}",               Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("PATCH /api/v1/tasks/{id:guid}",               Target.Team,      200,  200, 200,   200,   200,    403),
        new("PATCH /api/v1/tasks/{id:guid}",               Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("DELETE /api/v1/tasks/{id:guid}",              Target.Own,       204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/tasks/{id:guid}",              Target.Managed,   204,  204, 204,   204,   NA,     NA),
        new("DELETE /api/v1/tasks/{id:guid}",              Target.Team,      204,  204, 204,   204,   204,    403),
        new("DELETE /api/v1/tasks/{id:guid}",              Target.Foreign,   204,  204, 404,   404,   404,    403),
        new("GET /api/v1/tasks/{id:guid}/history",         Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/tasks/{id:guid}/history",         Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/tasks/{id:guid}/history",         Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/tasks/{id:guid}/history",         Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/me/work",                         Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kams/{id:guid}/meetings-and-calls", Target.Own,     200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kams/{id:guid}/meetings-and-calls", Target.Managed, 200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/kams/{id:guid}/meetings-and-calls", Target.Foreign, 200,  200, 403,   403,   403,    200),
        // End of activities and tasks.

        // Relationships (issue 3, "Relationships"): read with the account or the contact, like their history.
        new("GET /api/v1/accounts/{id:guid}/relationship-map", Target.Own,     200, 200, 200,  200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/relationship-map", Target.Managed, 200, 200, 200,  200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/relationship-map", Target.Team,    200, 200, 200,  200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/relationship-map", Target.Foreign, 200, 200, 404,  404,   404,    200),
        new("GET /api/v1/contacts/{id:guid}/relationships",    Target.Own,     200, 200, 200,  200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}/relationships",    Target.Managed, 200, 200, 200,  200,   NA,     NA),
        new("GET /api/v1/contacts/{id:guid}/relationships",    Target.Team,    200, 200, 200,  200,   200,    200),
        new("GET /api/v1/contacts/{id:guid}/relationships",    Target.Foreign, 200, 200, 404,  404,   404,    200),
        // End of relationships.

        new("GET /api/v1/me",                              Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/users/",                          Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/users/",                         Target.None,      201,  403, 403,   403,   403,    403),
        new("GET /api/v1/users/{id:guid}",                 Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/users/{id:guid}",                 Target.Foreign,   200,  200, 200,   200,   200,    200),
        new("PATCH /api/v1/users/{id:guid}",               Target.Own,       200,  403, 403,   403,   403,    403),
        new("PATCH /api/v1/users/{id:guid}",               Target.Foreign,   200,  403, 403,   403,   403,    403),
        new("POST /api/v1/users/{id:guid}/password-reset", Target.Foreign,   200,  403, 403,   403,   403,    403),

        new("GET /api/v1/tokens/",                         Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/tokens/",                         Target.Foreign,   200,  403, 403,   403,   403,    403),
        new("POST /api/v1/tokens/",                        Target.Own,       201,  201, 201,   201,   201,    201),
        new("DELETE /api/v1/tokens/{id:guid}",             Target.Own,       204,  204, 204,   204,   204,    204),
        new("DELETE /api/v1/tokens/{id:guid}",             Target.Foreign,   204,  404, 404,   404,   404,    404),
    ];

    /// <summary>How each route is called for a target, and what must hold afterwards besides the status.</summary>
    private static readonly Dictionary<string, Func<World, Target, string, Task<Call>>> Calls = new()
    {
        ["GET /api/v1/accounts/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/accounts/"] = (w, t, route) =>
            Task.FromResult(Call.Of(route, body: new { name = Unique("Matrix account"), ownerId = t == Target.Own ? (Guid?)null : w.UserOf(t) })),
        ["GET /api/v1/accounts/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["PATCH /api/v1/accounts/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.AccountOf(t);
            return Call.Of(route, id, body: new { industry = "Matrix" }, ifMatch: "\"1\"", verify: ok => w.ExpectAccountVersionAsync(id, ok ? 2 : 1));
        },
        ["DELETE /api/v1/accounts/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.AccountOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectAccountVersionAsync(id, ok ? null : 1));
        },
        ["GET /api/v1/accounts/{id:guid}/history"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),

        ["GET /api/v1/contacts/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/contacts/"] = async (w, t, route) =>
            Call.Of(route, body: new { accountId = await w.AccountOf(t), firstName = "Grace", lastName = Unique("Matrix") }),
        ["GET /api/v1/contacts/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.ContactOf(t)),
        ["PATCH /api/v1/contacts/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.ContactOf(t);
            return Call.Of(route, id, body: new { title = "Matrix" }, ifMatch: "\"1\"", verify: ok => w.ExpectContactVersionAsync(id, ok ? 2 : 1));
        },
        ["DELETE /api/v1/contacts/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.ContactOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectContactVersionAsync(id, ok ? null : 1));
        },
        ["GET /api/v1/contacts/{id:guid}/history"] = async (w, t, route) => Call.Of(route, await w.ContactOf(t)),

        // vCard import and export (issue 3).
        ["POST /api/v1/accounts/{id:guid}/contacts/vcard"] = async (w, t, route) =>
        {
            var id = await w.AccountOf(t);
            var call = Call.Of(route, id, verify: ok => w.ExpectContactCountAsync(id, ok ? 1 : 0));
            call.Request.Content = new StringContent(
                $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{Unique("Matrix")};Grace\r\nFN:Grace Matrix\r\nEND:VCARD\r\n", Encoding.UTF8, "text/vcard");
            return call;
        },
        ["GET /api/v1/accounts/{id:guid}/contacts/vcard"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["GET /api/v1/contacts/{id:guid}/vcard"] = async (w, t, route) => Call.Of(route, await w.ContactOf(t)),

        // KPIs (issue 4).
        ["GET /api/v1/kpis"] = async (w, t, route) =>
        {
            var scope = t switch
            {
                Target.None => "company",
                Target.Own => $"kam:{w.Caller.Email}",
                Target.Managed => $"team:{w.Junior!.Email}",
                Target.Team => $"account:{await w.AccountOf(t)}",
                _ => $"account-tree:{await w.AccountOf(t)}",
            };
            return Call.Of(route, query: $"?scope={Uri.EscapeDataString(scope)}&period=month&from=2011-01&to=2011-03");
        },

        // Revenue imports and unmatched customers (issue 4).
        ["POST /api/v1/revenue/imports"] = (w, _, route) =>
        {
            var source = Unique("m").Replace(" ", "", StringComparison.Ordinal);
            var call = Call.Of(route, query: $"?source={source}&columns=invoice%3DInvoice,date%3DDate,customer%3DCustomer,product%3DProduct,unit_price%3DPrice",
                verify: ok => w.ExpectInvoiceLineCountAsync(source, ok ? 1 : 0));
            call.Request.Content = new StringContent($"Invoice,Date,Customer,Product,Price\nI-1,2024-03-05,{source}-C,{source}-P,10\n", Encoding.UTF8, "text/csv");
            return Task.FromResult(call);
        },
        ["GET /api/v1/revenue/imports"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["GET /api/v1/revenue/unmatched-customers"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/revenue/unmatched-customers/{id:guid}/link"] = async (w, t, route) =>
        {
            var id = await w.UnmatchedCustomerAsync();
            return Call.Of(route, id, body: new { accountId = await w.AccountOf(t) }, verify: ok => w.ExpectUnmatchedStatusAsync(id, ok ? "Linked" : "Open"));
        },
        ["POST /api/v1/revenue/unmatched-customers/{id:guid}/ignore"] = async (w, _, route) =>
        {
            var id = await w.UnmatchedCustomerAsync();
            return Call.Of(route, id, verify: ok => w.ExpectUnmatchedStatusAsync(id, ok ? "Ignored" : "Open"));
        },
        ["POST /api/v1/revenue/unmatched-customers/{id:guid}/create-account"] = async (w, _, route) =>
        {
            var id = await w.UnmatchedCustomerAsync();
            return Call.Of(route, id, body: new { ownerId = w.Stranger.Id }, verify: ok => w.ExpectUnmatchedStatusAsync(id, ok ? "Created" : "Open"));
        },
        // End of revenue imports.

        // Activities and tasks (issue 3, "Activity").
        ["GET /api/v1/activities/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/activities/"] = async (w, t, route) => Call.Of(route, body: new
        {
            accountId = await w.AccountOf(t),
            type = "call",
            startsAt = "2026-03-02T09:00:00Z",
            subject = Unique("Matrix call"),
        }),
        ["GET /api/v1/activities/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.ActivityOf(t)),
        ["PATCH /api/v1/activities/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.ActivityOf(t);
            return Call.Of(route, id, body: new { outcome = "Matrix" }, ifMatch: "\"1\"", verify: ok => w.ExpectActivityVersionAsync(id, ok ? 2 : 1));
        },
        ["DELETE /api/v1/activities/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.ActivityOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectActivityVersionAsync(id, ok ? null : 1));
        },
        ["GET /api/v1/activities/{id:guid}/history"] = async (w, t, route) => Call.Of(route, await w.ActivityOf(t)),
        ["GET /api/v1/activities/{id:guid}/ics"] = async (w, t, route) => Call.Of(route, await w.ActivityOf(t)),
        ["GET /api/v1/tasks/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/tasks/"] = async (w, t, route) =>
            Call.Of(route, body: new { accountId = await w.AccountOf(t), title = Unique("Matrix task"), dueDate = "2026-03-31" }),
        ["GET /api/v1/tasks/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.TaskOf(t)),
        ["PATCH /api/v1/tasks/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.TaskOf(t);
            return Call.Of(route, id, body: new { notes = "Matrix" }, ifMatch: "\"1\"", verify: ok => w.ExpectTaskVersionAsync(id, ok ? 2 : 1));
        },
        ["DELETE /api/v1/tasks/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.TaskOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectTaskVersionAsync(id, ok ? null : 1));
        },
        ["GET /api/v1/tasks/{id:guid}/history"] = async (w, t, route) => Call.Of(route, await w.TaskOf(t)),
        ["GET /api/v1/me/work"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["GET /api/v1/kams/{id:guid}/meetings-and-calls"] = (w, t, route) =>
            Task.FromResult(Call.Of(route, w.UserOf(t), query: "?period=month&from=2026-01&to=2026-03")),
        // End of activities and tasks.

        // Relationships (issue 3, "Relationships").
        ["GET /api/v1/accounts/{id:guid}/relationship-map"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["GET /api/v1/contacts/{id:guid}/relationships"] = async (w, t, route) => Call.Of(route, await w.ContactOf(t)),
        // End of relationships.

        ["GET /api/v1/me"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["GET /api/v1/users/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/users/"] = (_, _, route) => Task.FromResult(Call.Of(route, body: new { email = $"matrix-{Guid.NewGuid():N}@example.com", role = "viewer" })),
        ["GET /api/v1/users/{id:guid}"] = (w, t, route) => Task.FromResult(Call.Of(route, w.UserOf(t))),
        ["PATCH /api/v1/users/{id:guid}"] = (w, t, route) => Task.FromResult(Call.Of(route, w.UserOf(t), body: new { displayName = Unique("Renamed") }, ifMatch: "*")),
        ["POST /api/v1/users/{id:guid}/password-reset"] = (w, t, route) => Task.FromResult(Call.Of(route, w.UserOf(t))),

        ["GET /api/v1/tokens/"] = (w, t, route) => Task.FromResult(Call.Of(route, query: t == Target.Own ? "" : $"?userId={w.UserOf(t)}")),
        ["POST /api/v1/tokens/"] = (_, _, route) => Task.FromResult(Call.Of(route, body: new { name = "matrix" })),
        ["DELETE /api/v1/tokens/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.TokenOf(t);
            return Call.Of(route, id, verify: ok => w.ExpectTokenRevokedAsync(id, ok));
        },
    };

    public static TheoryData<DatabaseKind, KeystoneRole> EveryRoleOnEveryDatabase()
    {
        var data = new TheoryData<DatabaseKind, KeystoneRole>();
        foreach (var db in Enum.GetValues<DatabaseKind>())
        {
            foreach (var role in Roles)
            {
                data.Add(db, role);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(EveryRoleOnEveryDatabase))]
    public async Task Each_route_answers_each_role_as_the_matrix_says(DatabaseKind db, KeystoneRole role)
    {
        var host = await fixture.HostAsync(db);
        var world = await World.CreateAsync(host, role);
        var column = Array.IndexOf(Roles, role);
        var mismatches = new List<string>();

        foreach (var row in Matrix.Where(r => r.Expected[column] != NA))
        {
            var call = await Calls[row.Route](world, row.Target, row.Route);
            using var response = await world.Client.SendAsync(call.Request);
            var status = (int)response.StatusCode;
            var expected = row.Expected[column];
            if (status != expected)
            {
                var serverError = response.Headers.TryGetValues(ServerErrors.Header, out var values) ? " Server: " + string.Join(" ", values) : "";
                mismatches.Add($"{row.Route} on {row.Target}: expected {expected}, got {status} {await response.Content.ReadAsStringAsync()}{serverError}");
                continue;
            }
            if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                mismatches.Add($"{row.Route} on {row.Target}: {status} without problem details");
            }
            if (call.Verify is not null)
            {
                try
                {
                    await call.Verify(status < 400);
                }
                catch (Exception e) when (e is Xunit.Sdk.XunitException)
                {
                    mismatches.Add($"{row.Route} on {row.Target}: answered {status} but {e.Message}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"The {role.ToIdentifier()} column of the access matrix does not hold on {db}:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Every_api_route_is_in_the_matrix()
    {
        var host = await fixture.HostAsync(DatabaseKind.Sqlite);
        var routes = ApiRoutes(host.Services);

        var missing = routes.Except(Matrix.Select(r => r.Route)).Order().ToList();
        var gone = Matrix.Select(r => r.Route).Distinct().Except(routes).Order().ToList();
        var uncalled = routes.Except(Calls.Keys).Concat(Calls.Keys.Except(routes)).Order().ToList();

        Assert.True(missing.Count == 0, "Routes without access rules in the matrix; add a row per target and role:\n" + string.Join("\n", missing));
        Assert.True(gone.Count == 0, "Matrix rows for routes that no longer exist:\n" + string.Join("\n", gone));
        Assert.True(uncalled.Count == 0, "Routes the matrix does not know how to call (see Calls):\n" + string.Join("\n", uncalled));
        Assert.All(Matrix, row => Assert.Equal(Roles.Length, row.Expected.Length));
        Assert.Equal(Matrix.Length, Matrix.Select(r => (r.Route, r.Target)).Distinct().Count());
    }

    /// <summary>"METHOD /pattern" of every endpoint under /api/v1, as routing sees them.</summary>
    internal static IReadOnlySet<string> ApiRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private sealed record Row(string Route, Target Target, params int[] Expected);

    private sealed partial record Call(HttpRequestMessage Request, Func<bool, Task>? Verify)
    {
        public static Call Of(string route, Guid? id = null, object? body = null, string query = "", string? ifMatch = null, Func<bool, Task>? verify = null)
        {
            var space = route.IndexOf(' ', StringComparison.Ordinal);
            var pattern = route[(space + 1)..];
            var url = IdParameter().Replace(pattern, _ => id?.ToString() ?? throw new InvalidOperationException($"{route} needs an id."));
            var request = new HttpRequestMessage(new HttpMethod(route[..space]), url + query);
            if (body is not null)
            {
                request.Content = request.Method == HttpMethod.Patch
                    ? new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, HttpAssertions.MergePatch)
                    : JsonContent.Create(body, options: JsonSerializerOptions.Web);
            }
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
            return new Call(request, verify);
        }

        [GeneratedRegex(@"\{id(:[^}]*)?\}")]
        private static partial Regex IdParameter();
    }

    /// <summary>
    /// The people around one caller: the caller of the role under test, a junior KAM they manage
    /// (when their role can manage), and a senior KAM who is a stranger to them. Records are made
    /// fresh for every call, so that one call's change never decides another's answer.
    /// </summary>
    private sealed class World
    {
        private World(KeystoneHost host, TestUser caller, TestUser? junior, TestUser stranger)
        {
            Host = host;
            Caller = caller;
            Junior = junior;
            Stranger = stranger;
            Client = host.ClientFor(caller);
        }

        public KeystoneHost Host { get; }
        public TestUser Caller { get; }
        public TestUser? Junior { get; }
        public TestUser Stranger { get; }
        public HttpClient Client { get; }

        public static async Task<World> CreateAsync(KeystoneHost host, KeystoneRole role)
        {
            var caller = await host.CreateUserAsync(role);
            var junior = role.CanOwnAccounts() ? await host.CreateUserAsync(KeystoneRole.JuniorKam, manager: caller) : null;
            var stranger = await host.CreateUserAsync(KeystoneRole.SeniorKam);
            return new World(host, caller, junior, stranger);
        }

        public Guid UserOf(Target target) => target switch
        {
            Target.Own => Caller.Id,
            Target.Managed => Junior!.Id,
            Target.Foreign => Stranger.Id,
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };

        public async Task<Guid> AccountOf(Target target)
        {
            var account = target switch
            {
                Target.Own => await Host.CreateAccountAsync(Caller),
                Target.Managed => await Host.CreateAccountAsync(Junior!),
                Target.Team => await Host.CreateAccountAsync(Stranger, team: [Caller]),
                Target.Foreign => await Host.CreateAccountAsync(Stranger),
                _ => throw new ArgumentOutOfRangeException(nameof(target)),
            };
            return account.Id;
        }

        public async Task<Guid> ContactOf(Target target) => (await Host.CreateContactAsync(await AccountOf(target))).Id;

        public async Task<Guid> TokenOf(Target target)
        {
            var owner = UserOf(target);
            return await Host.AsSystemAsync(async (db, _) => (await ManageTokens.CreateAsync(db, owner, "matrix", null)).Token.Id);
        }

        /// <summary>Null: the account must be gone.</summary>
        public Task ExpectAccountVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Accounts.Where(a => a.Id == id).Select(a => (int?)a.Version).SingleOrDefaultAsync()));

        public Task ExpectContactVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Contacts.Where(c => c.Id == id).Select(c => (int?)c.Version).SingleOrDefaultAsync()));

        public Task ExpectContactCountAsync(Guid accountId, int count) => Host.AsSystemAsync(async db =>
            Assert.Equal(count, await db.Contacts.CountAsync(c => c.AccountId == accountId)));

        // Revenue imports (issue 4).
        public Task<Guid> UnmatchedCustomerAsync() => Host.AsSystemAsync(async (db, _) =>
        {
            var customer = new Keystone.Core.Revenue.UnmatchedCustomer { Source = "matrix", ExternalId = Guid.NewGuid().ToString("N"), Name = "Matrix customer" };
            db.UnmatchedCustomers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });

        public Task ExpectUnmatchedStatusAsync(Guid id, string status) => Host.AsSystemAsync(async db =>
            Assert.Equal(status, (await db.UnmatchedCustomers.SingleAsync(c => c.Id == id)).Status.ToString()));

        public Task ExpectInvoiceLineCountAsync(string source, int count) => Host.AsSystemAsync(async db =>
            Assert.Equal(count, await db.InvoiceLines.IgnoreQueryFilters().CountAsync(l => l.Source == source.ToLowerInvariant())));
        // End of revenue imports.

        // Activities and tasks (issue 3, "Activity"): made by the system, owned by and assigned to the account's owner.
        public async Task<Guid> ActivityOf(Target target)
        {
            var accountId = await AccountOf(target);
            return await Host.AsSystemAsync(async (db, _) =>
            {
                var ownerId = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.OwnerId).SingleAsync();
                var activity = new Activity
                {
                    AccountId = accountId,
                    OwnerId = ownerId,
                    Type = ActivityType.Meeting,
                    Status = ActivityStatus.Planned,
                    StartsAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
                    DurationMinutes = 60,
                    Subject = "Matrix meeting",
                };
                db.Activities.Add(activity);
                await db.SaveChangesAsync();
                return activity.Id;
            });
        }

        public async Task<Guid> TaskOf(Target target)
        {
            var accountId = await AccountOf(target);
            return await Host.AsSystemAsync(async (db, _) =>
            {
                var ownerId = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.OwnerId).SingleAsync();
                var task = new WorkTask { AccountId = accountId, AssigneeId = ownerId, Title = "Matrix task", DueDate = new DateOnly(2026, 3, 31) };
                db.WorkTasks.Add(task);
                await db.SaveChangesAsync();
                return task.Id;
            });
        }

        public Task ExpectActivityVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Activities.Where(a => a.Id == id).Select(a => (int?)a.Version).SingleOrDefaultAsync()));

        public Task ExpectTaskVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.WorkTasks.Where(t => t.Id == id).Select(t => (int?)t.Version).SingleOrDefaultAsync()));
        // End of activities and tasks.

        public Task ExpectTokenRevokedAsync(Guid id, bool revoked) => Host.AsSystemAsync(async db =>
            Assert.Equal(revoked, await db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAt != null).SingleAsync()));
    }
}
