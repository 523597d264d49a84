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

        // Dashboards (issue 4, "Dashboards"): the scope is in the query, as for /kpis, and the same rules
        // hold. The drill-down has no account-tree level, so its Foreign case asks for a stranger's account.
        new("GET /api/v1/kpis/dashboard",                  Target.None,      200,  200, 403,   403,   403,    200),
        new("GET /api/v1/kpis/dashboard",                  Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/dashboard",                  Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/kpis/dashboard",                  Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/dashboard",                  Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/kpis/breakdown",                  Target.None,      200,  200, 403,   403,   403,    200),
        new("GET /api/v1/kpis/breakdown",                  Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/breakdown",                  Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/kpis/breakdown",                  Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/breakdown",                  Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/kpis/abc",                        Target.None,      200,  200, 403,   403,   403,    200),
        new("GET /api/v1/kpis/abc",                        Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/abc",                        Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/kpis/abc",                        Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/abc",                        Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/kpis/cohorts",                    Target.None,      200,  200, 403,   403,   403,    200),
        new("GET /api/v1/kpis/cohorts",                    Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/cohorts",                    Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/kpis/cohorts",                    Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/kpis/cohorts",                    Target.Foreign,   200,  200, 404,   404,   404,    200),
        // End of dashboards.

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

        // Timeline
        new("GET /api/v1/accounts/{id:guid}/timeline",     Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/timeline",     Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/timeline",     Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/timeline",     Target.Foreign,   200,  200, 404,   404,   404,    200),

        // Task assignees and reminders (issue 3, "Activity"): the assignees of an account are read with
        // the account (empty for those who may not add tasks there); reminders are the caller's own.
        new("GET /api/v1/accounts/{id:guid}/task-assignees", Target.Own,     200, 200, 200,  200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/task-assignees", Target.Managed, 200, 200, 200,  200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/task-assignees", Target.Team,    200, 200, 200,  200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/task-assignees", Target.Foreign, 200, 200, 404,  404,   404,    200),
        new("GET /api/v1/me/reminders",                    Target.None,      200,  200, 200,   200,   200,    200),
        // End of task assignees and reminders.

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

        // Key-account selection matrix (issue 3, "Key-account selection matrix"): read with the account,
        // scored by whoever may edit the account; the matrix lists only accounts the caller sees.
        new("GET /api/v1/portfolio/matrix",                Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/selection",    Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/selection",    Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/selection",    Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/selection",    Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PUT /api/v1/accounts/{id:guid}/selection",    Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("PUT /api/v1/accounts/{id:guid}/selection",    Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("PUT /api/v1/accounts/{id:guid}/selection",    Target.Team,      200,  200, 200,   200,   403,    403),
        new("PUT /api/v1/accounts/{id:guid}/selection",    Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("GET /api/v1/accounts/{id:guid}/selection/history", Target.Own,     200, 200, 200, 200,  NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/selection/history", Target.Managed, 200, 200, 200, 200,  NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/selection/history", Target.Team,    200, 200, 200, 200,  200,    200),
        new("GET /api/v1/accounts/{id:guid}/selection/history", Target.Foreign, 200, 200, 404, 404,  404,    200),
        // End of the selection matrix.

        // Calendars (issue 3, "Calendars"): everyone manages their own feed; importing an .ics file
        // logs meetings, so it follows POST /activities/, except that the account is in the path.
        new("GET /api/v1/me/calendar-feed",                Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/me/calendar-feed",               Target.None,      201,  201, 201,   201,   201,    201),
        new("DELETE /api/v1/me/calendar-feed",             Target.None,      204,  204, 204,   204,   204,    204),
        new("POST /api/v1/accounts/{id:guid}/activities/ics", Target.Own,     200,  200, 200,   200,   NA,     NA),
        new("POST /api/v1/accounts/{id:guid}/activities/ics", Target.Managed, 200,  200, 200,   200,   NA,     NA),
        new("POST /api/v1/accounts/{id:guid}/activities/ics", Target.Team,    200,  200, 200,   200,   200,    403),
        new("POST /api/v1/accounts/{id:guid}/activities/ics", Target.Foreign, 200,  200, 404,   404,   404,    403),
        // End of calendars.

        // Targets and pay (issue 4, "Targets and pay"): a target or a plan is about a user: the caller (Own),
        // the managed junior (Managed) or a stranger (Foreign). Heads of KAM and administrators set every
        // target, a senior those of the people they manage, never their own (ADR 0005); a target one may not
        // read is not found, a user one may not read is 403 (as meetings-and-calls). Pay plans are written by
        // administrators and heads of KAM only.
        new("GET /api/v1/targets/",                        Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/targets/",                       Target.Own,       201,  201, 403,   403,   403,    403),
        new("POST /api/v1/targets/",                       Target.Managed,   201,  201, 201,   403,   NA,     NA),
        new("POST /api/v1/targets/",                       Target.Foreign,   201,  201, 400,   400,   400,    403),
        new("GET /api/v1/targets/{id:guid}",               Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/targets/{id:guid}",               Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/targets/{id:guid}",               Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PATCH /api/v1/targets/{id:guid}",             Target.Own,       200,  200, 403,   403,   403,    403),
        new("PATCH /api/v1/targets/{id:guid}",             Target.Managed,   200,  200, 200,   403,   NA,     NA),
        new("PATCH /api/v1/targets/{id:guid}",             Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("DELETE /api/v1/targets/{id:guid}",            Target.Own,       204,  204, 403,   403,   403,    403),
        new("DELETE /api/v1/targets/{id:guid}",            Target.Managed,   204,  204, 204,   403,   NA,     NA),
        new("DELETE /api/v1/targets/{id:guid}",            Target.Foreign,   204,  204, 404,   404,   404,    403),
        new("GET /api/v1/attainment",                      Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/attainment",                      Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/attainment",                      Target.Foreign,   200,  200, 403,   403,   403,    200),
        // The product catalogue: everyone reads it; administrators and heads of KAM change it (AccessRules.CanManageProducts).
        new("GET /api/v1/products/",                       Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/products/categories",             Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/products/",                      Target.None,      201,  201, 403,   403,   403,    403),
        new("POST /api/v1/products/imports",               Target.None,      200,  200, 403,   403,   403,    403),
        new("GET /api/v1/products/{id:guid}",              Target.None,      200,  200, 200,   200,   200,    200),
        new("PATCH /api/v1/products/{id:guid}",            Target.None,      200,  200, 403,   403,   403,    403),
        new("GET /api/v1/price-lists/",                    Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/price-lists/",                   Target.None,      201,  201, 403,   403,   403,    403),
        new("GET /api/v1/pay-plans/",                      Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/pay-plans/",                     Target.None,      201,  201, 403,   403,   403,    403),
        new("GET /api/v1/pay-plans/{id:guid}",             Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/pay-plans/{id:guid}",             Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/pay-plans/{id:guid}",             Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("PATCH /api/v1/pay-plans/{id:guid}",           Target.Own,       200,  200, 403,   403,   403,    403),
        new("PATCH /api/v1/pay-plans/{id:guid}",           Target.Managed,   200,  200, 403,   403,   NA,     NA),
        new("PATCH /api/v1/pay-plans/{id:guid}",           Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("DELETE /api/v1/pay-plans/{id:guid}",          Target.Own,       204,  204, 403,   403,   403,    403),
        new("DELETE /api/v1/pay-plans/{id:guid}",          Target.Managed,   204,  204, 403,   403,   NA,     NA),
        new("DELETE /api/v1/pay-plans/{id:guid}",          Target.Foreign,   204,  204, 404,   404,   404,    403),
        new("GET /api/v1/payouts",                         Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/payouts",                         Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/payouts",                         Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/payouts",                         Target.Foreign,   200,  200, 403,   403,   403,    200),
        // End of targets and pay.

        // Tiers and hierarchies (issue 3, "Tiers", "Hierarchies and global accounts"): asking for a tier change
        // follows editing the account; deciding is for the head of KAM and administrators; withdrawing for the
        // requester, who is the account's owner here. The hierarchy is read with the account.
        new("POST /api/v1/accounts/{id:guid}/tier-requests", Target.Own,     201, 201, 201,  201,   NA,     NA),
        new("POST /api/v1/accounts/{id:guid}/tier-requests", Target.Managed, 201, 201, 201,  201,   NA,     NA),
        new("POST /api/v1/accounts/{id:guid}/tier-requests", Target.Team,    201, 201, 201,  201,   403,    403),
        new("POST /api/v1/accounts/{id:guid}/tier-requests", Target.Foreign, 201, 201, 404,  404,   404,    403),
        new("GET /api/v1/accounts/{id:guid}/hierarchy",    Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/hierarchy",    Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/accounts/{id:guid}/hierarchy",    Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/accounts/{id:guid}/hierarchy",    Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("GET /api/v1/tier-requests/",                  Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/tier-requests/{id:guid}",         Target.Own,       200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/tier-requests/{id:guid}",         Target.Managed,   200,  200, 200,   200,   NA,     NA),
        new("GET /api/v1/tier-requests/{id:guid}",         Target.Team,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/tier-requests/{id:guid}",         Target.Foreign,   200,  200, 404,   404,   404,    200),
        new("POST /api/v1/tier-requests/{id:guid}/approve", Target.Own,      200,  200, 403,   403,   NA,     NA),
        new("POST /api/v1/tier-requests/{id:guid}/approve", Target.Managed,  200,  200, 403,   403,   NA,     NA),
        new("POST /api/v1/tier-requests/{id:guid}/approve", Target.Team,     200,  200, 403,   403,   403,    403),
        new("POST /api/v1/tier-requests/{id:guid}/approve", Target.Foreign,  200,  200, 404,   404,   404,    403),
        new("POST /api/v1/tier-requests/{id:guid}/refuse", Target.Own,       200,  200, 403,   403,   NA,     NA),
        new("POST /api/v1/tier-requests/{id:guid}/refuse", Target.Managed,   200,  200, 403,   403,   NA,     NA),
        new("POST /api/v1/tier-requests/{id:guid}/refuse", Target.Team,      200,  200, 403,   403,   403,    403),
        new("POST /api/v1/tier-requests/{id:guid}/refuse", Target.Foreign,   200,  200, 404,   404,   404,    403),
        new("POST /api/v1/tier-requests/{id:guid}/withdraw", Target.Own,     200,  200, 200,   200,   NA,     NA),
        new("POST /api/v1/tier-requests/{id:guid}/withdraw", Target.Managed, 403,  403, 403,   403,   NA,     NA),
        new("POST /api/v1/tier-requests/{id:guid}/withdraw", Target.Team,    403,  403, 403,   403,   403,    403),
        new("POST /api/v1/tier-requests/{id:guid}/withdraw", Target.Foreign, 403,  403, 404,   404,   404,    403),
        new("GET /api/v1/team/load",                       Target.None,      200,  200, 200,   200,   200,    200),
        // End of tiers and hierarchies.

        new("GET /api/v1/me",                              Target.None,      200,  200, 200,   200,   200,    200),
        new("GET /api/v1/users/",                          Target.None,      200,  200, 200,   200,   200,    200),
        new("POST /api/v1/users/",                         Target.None,      201,  403, 403,   403,   403,    403),
        new("GET /api/v1/users/{id:guid}",                 Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/users/{id:guid}",                 Target.Foreign,   200,  200, 200,   200,   200,    200),
        new("PATCH /api/v1/users/{id:guid}",               Target.Own,       200,  403, 403,   403,   403,    403),
        new("PATCH /api/v1/users/{id:guid}",               Target.Foreign,   200,  403, 403,   403,   403,    403),
        new("POST /api/v1/users/{id:guid}/password-reset", Target.Foreign,   200,  403, 403,   403,   403,    403),

        new("GET /api/v1/tokens/",                         Target.Own,       200,  200, 200,   200,   200,    200),
        new("GET /api/v1/tokens/current",                  Target.None,      200,  200, 200,   200,   200,    200),
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

        // Dashboards (issue 4, "Dashboards").
        ["GET /api/v1/kpis/dashboard"] = async (w, t, route) =>
        {
            var scope = t switch
            {
                Target.None => "company",
                Target.Own => $"kam:{w.Caller.Email}",
                Target.Managed => $"team:{w.Junior!.Email}",
                Target.Team => $"account:{await w.AccountOf(t)}",
                _ => $"account-tree:{await w.AccountOf(t)}",
            };
            return Call.Of(route, query: $"?scope={Uri.EscapeDataString(scope)}&to=2011-03");
        },
        ["GET /api/v1/kpis/breakdown"] = async (w, t, route) =>
        {
            var scope = t switch
            {
                Target.None => "company",
                Target.Own => $"kam:{w.Caller.Email}",
                Target.Managed => $"team:{w.Junior!.Email}",
                Target.Team => $"account:{await w.AccountOf(t)}",
                _ => $"account:{await w.AccountOf(t)}",
            };
            return Call.Of(route, query: $"?scope={Uri.EscapeDataString(scope)}&at=2011-03");
        },
        ["GET /api/v1/kpis/abc"] = async (w, t, route) =>
        {
            var scope = t switch
            {
                Target.None => "company",
                Target.Own => $"kam:{w.Caller.Email}",
                Target.Managed => $"team:{w.Junior!.Email}",
                Target.Team => $"account:{await w.AccountOf(t)}",
                _ => $"account-tree:{await w.AccountOf(t)}",
            };
            return Call.Of(route, query: $"?scope={Uri.EscapeDataString(scope)}&to=2011-03");
        },
        ["GET /api/v1/kpis/cohorts"] = async (w, t, route) =>
        {
            var scope = t switch
            {
                Target.None => "company",
                Target.Own => $"kam:{w.Caller.Email}",
                Target.Managed => $"team:{w.Junior!.Email}",
                Target.Team => $"account:{await w.AccountOf(t)}",
                _ => $"account-tree:{await w.AccountOf(t)}",
            };
            return Call.Of(route, query: $"?scope={Uri.EscapeDataString(scope)}&to=2011-03");
        },
        // End of dashboards.

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

        // Timeline
        ["GET /api/v1/accounts/{id:guid}/timeline"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),

        // Task assignees and reminders (issue 3, "Activity").
        ["GET /api/v1/accounts/{id:guid}/task-assignees"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["GET /api/v1/me/reminders"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        // End of task assignees and reminders.

        // Relationships (issue 3, "Relationships").
        ["GET /api/v1/accounts/{id:guid}/relationship-map"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["GET /api/v1/contacts/{id:guid}/relationships"] = async (w, t, route) => Call.Of(route, await w.ContactOf(t)),
        // End of relationships.

        // Key-account selection matrix (issue 3).
        ["GET /api/v1/portfolio/matrix"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["GET /api/v1/accounts/{id:guid}/selection"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["PUT /api/v1/accounts/{id:guid}/selection"] = async (w, t, route) =>
        {
            var id = await w.AccountOf(t);
            return Call.Of(route, id, body: new { scores = new[] { new { criterion = "size", score = 7, reason = "Matrix" } } }, ifMatch: "\"0\"",
                verify: ok => w.ExpectSelectionVersionAsync(id, ok ? 1 : null));
        },
        ["GET /api/v1/accounts/{id:guid}/selection/history"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        // End of the selection matrix.

        // Calendars (issue 3, "Calendars").
        ["GET /api/v1/me/calendar-feed"] = async (w, _, route) =>
        {
            await CalendarFeedOfAsync(w);
            return Call.Of(route);
        },
        ["POST /api/v1/me/calendar-feed"] = (w, _, route) => Task.FromResult(Call.Of(route, verify: ok => w.Host.AsSystemAsync(async db =>
            Assert.Equal(ok ? 1 : 0, await db.CalendarFeedTokens.CountAsync(t => t.UserId == w.Caller.Id && t.RevokedAt == null))))),
        ["DELETE /api/v1/me/calendar-feed"] = async (w, _, route) =>
        {
            var id = await CalendarFeedOfAsync(w);
            return Call.Of(route, verify: ok => w.Host.AsSystemAsync(async db =>
                Assert.Equal(ok, await db.CalendarFeedTokens.Where(t => t.Id == id).Select(t => t.RevokedAt != null).SingleAsync())));
        },
        ["POST /api/v1/accounts/{id:guid}/activities/ics"] = async (w, t, route) =>
        {
            var id = await w.AccountOf(t);
            var call = Call.Of(route, id, verify: ok => w.Host.AsSystemAsync(async db =>
                Assert.Equal(ok ? 1 : 0, await db.Activities.IgnoreQueryFilters().CountAsync(a => a.AccountId == id))));
            var ics = $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Matrix//EN\r\nBEGIN:VEVENT\r\nUID:{Guid.NewGuid():N}@matrix\r\n" +
                $"DTSTART:{DateTime.UtcNow.AddDays(3):yyyyMMdd}T090000Z\r\nSUMMARY:Matrix meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
            call.Request.Content = new MultipartFormDataContent { { new StringContent(ics, Encoding.UTF8, "text/calendar"), "file", "matrix.ics" } };
            return call;
        },
        // End of calendars.

        // Targets and pay (issue 4, "Targets and pay").
        ["GET /api/v1/targets/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/targets/"] = (w, t, route) =>
            Task.FromResult(Call.Of(route, body: new { scope = "kam", userId = w.UserOf(t), metric = "revenue", period = w.NextPeriod(), value = 1000 })),
        ["GET /api/v1/targets/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.TargetOf(t)),
        ["PATCH /api/v1/targets/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.TargetOf(t);
            return Call.Of(route, id, body: new { value = 2000 }, ifMatch: "\"1\"", verify: ok => w.ExpectTargetVersionAsync(id, ok ? 2 : 1));
        },
        ["DELETE /api/v1/targets/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.TargetOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectTargetVersionAsync(id, ok ? null : 1));
        },
        ["GET /api/v1/attainment"] = (w, t, route) => Task.FromResult(Call.Of(route, query: $"?scope=kam&userId={w.UserOf(t)}&period=2026-Q1")),
        ["GET /api/v1/products/"] = (_, _, route) => Task.FromResult(Call.Of(route, query: "?search=matrix")),
        ["GET /api/v1/products/categories"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/products/"] = (w, _, route) =>
        {
            var code = Unique("MATRIX");
            return Task.FromResult(Call.Of(route, body: new { code, name = "Matrix product" }, verify: ok => w.ExpectProductAsync(code, ok)));
        },
        ["POST /api/v1/products/imports"] = (w, _, route) =>
        {
            var code = Unique("MATRIX").Replace(" ", "", StringComparison.Ordinal);
            var call = Call.Of(route, verify: ok => w.ExpectProductAsync(code, ok));
            call.Request.Content = new StringContent($"code,name\n{code},Matrix product\n", Encoding.UTF8, "text/csv");
            return Task.FromResult(call);
        },
        ["GET /api/v1/products/{id:guid}"] = async (w, _, route) => Call.Of(route, await w.ProductAsync()),
        ["PATCH /api/v1/products/{id:guid}"] = async (w, _, route) =>
        {
            var id = await w.ProductAsync();
            return Call.Of(route, id, body: new { category = "Matrix offering" }, ifMatch: "\"1\"", verify: ok => w.ExpectProductVersionAsync(id, ok ? 2 : 1));
        },
        ["GET /api/v1/price-lists/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/price-lists/"] = (_, _, route) => Task.FromResult(Call.Of(route, body: new { name = Unique("Matrix list"), currency = "EUR" })),
        ["GET /api/v1/pay-plans/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/pay-plans/"] = (_, _, route) => Task.FromResult(Call.Of(route, body: new
        {
            name = Unique("Matrix plan"),
            components = new[] { new { metric = "revenue", weight = 1 } },
            members = Array.Empty<object>(),
        })),
        ["GET /api/v1/pay-plans/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.PayPlanOf(t)),
        ["PATCH /api/v1/pay-plans/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.PayPlanOf(t);
            return Call.Of(route, id, body: new { cap = 1.5 }, ifMatch: "\"1\"", verify: ok => w.ExpectPayPlanVersionAsync(id, ok ? 2 : 1));
        },
        ["DELETE /api/v1/pay-plans/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.PayPlanOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectPayPlanVersionAsync(id, ok ? null : 1));
        },
        ["GET /api/v1/payouts"] = (w, t, route) =>
            Task.FromResult(Call.Of(route, query: t == Target.None ? "?period=2026-Q1" : $"?period=2026-Q1&user={w.UserOf(t)}")),
        // End of targets and pay.

        // Tiers and hierarchies (issue 3).
        ["POST /api/v1/accounts/{id:guid}/tier-requests"] = async (w, t, route) =>
        {
            var id = await w.AccountOf(t);
            return Call.Of(route, id, body: new { tier = "key", reason = "Matrix" }, verify: ok => w.ExpectTierRequestCountAsync(id, ok ? 1 : 0));
        },
        ["GET /api/v1/accounts/{id:guid}/hierarchy"] = async (w, t, route) => Call.Of(route, await w.AccountOf(t)),
        ["GET /api/v1/tier-requests/"] = (_, _, route) => Task.FromResult(Call.Of(route, query: "?status=pending")),
        ["GET /api/v1/tier-requests/{id:guid}"] = async (w, t, route) => Call.Of(route, await w.TierRequestOf(t)),
        ["POST /api/v1/tier-requests/{id:guid}/approve"] = async (w, t, route) =>
        {
            var id = await w.TierRequestOf(t);
            return Call.Of(route, id, ifMatch: "\"1\"", verify: ok => w.ExpectTierRequestStatusAsync(id, ok ? "Approved" : "Pending"));
        },
        ["POST /api/v1/tier-requests/{id:guid}/refuse"] = async (w, t, route) =>
        {
            var id = await w.TierRequestOf(t);
            return Call.Of(route, id, body: new { note = "Matrix" }, verify: ok => w.ExpectTierRequestStatusAsync(id, ok ? "Refused" : "Pending"));
        },
        ["POST /api/v1/tier-requests/{id:guid}/withdraw"] = async (w, t, route) =>
        {
            var id = await w.TierRequestOf(t);
            return Call.Of(route, id, verify: ok => w.ExpectTierRequestStatusAsync(id, ok ? "Withdrawn" : "Pending"));
        },
        ["GET /api/v1/team/load"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        // End of tiers and hierarchies.

        ["GET /api/v1/me"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["GET /api/v1/users/"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["POST /api/v1/users/"] = (_, _, route) => Task.FromResult(Call.Of(route, body: new { email = $"matrix-{Guid.NewGuid():N}@example.com", role = "viewer" })),
        ["GET /api/v1/users/{id:guid}"] = (w, t, route) => Task.FromResult(Call.Of(route, w.UserOf(t))),
        ["PATCH /api/v1/users/{id:guid}"] = (w, t, route) => Task.FromResult(Call.Of(route, w.UserOf(t), body: new { displayName = Unique("Renamed") }, ifMatch: "*")),
        ["POST /api/v1/users/{id:guid}/password-reset"] = (w, t, route) => Task.FromResult(Call.Of(route, w.UserOf(t))),

        ["GET /api/v1/tokens/current"] = (_, _, route) => Task.FromResult(Call.Of(route)),
        ["GET /api/v1/tokens/"] = (w, t, route) => Task.FromResult(Call.Of(route, query: t == Target.Own ? "" : $"?userId={w.UserOf(t)}")),
        ["POST /api/v1/tokens/"] = (_, _, route) => Task.FromResult(Call.Of(route, body: new { name = "matrix" })),
        ["DELETE /api/v1/tokens/{id:guid}"] = async (w, t, route) =>
        {
            var id = await w.TokenOf(t);
            return Call.Of(route, id, verify: ok => w.ExpectTokenRevokedAsync(id, ok));
        },
    };

    // Calendars (issue 3): a live feed of the caller, made as the system would.
    private static Task<Guid> CalendarFeedOfAsync(World w) => w.Host.AsSystemAsync(async (db, _) =>
    {
        var secret = Keystone.Core.Activities.Calendars.CalendarFeedToken.NewSecret();
        var feed = new Keystone.Core.Activities.Calendars.CalendarFeedToken
        {
            UserId = w.Caller.Id,
            Hash = Keystone.Core.Activities.Calendars.CalendarFeedToken.HashSecret(secret),
            Hint = secret[..10],
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.CalendarFeedTokens.Add(feed);
        await db.SaveChangesAsync();
        return feed.Id;
    });

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

        // Tiers and hierarchies (issue 3): a pending request, asked for by the account's owner.
        public async Task<Guid> TierRequestOf(Target target)
        {
            var accountId = await AccountOf(target);
            return await Host.AsSystemAsync(async (db, _) =>
            {
                var ownerId = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.OwnerId).SingleAsync();
                var request = new Keystone.Core.Accounts.TierRequest
                {
                    AccountId = accountId,
                    FromTier = Keystone.Core.Accounts.AccountTier.Standard,
                    ToTier = Keystone.Core.Accounts.AccountTier.KeyAccount,
                    Reason = "Matrix",
                    RequestedById = ownerId,
                };
                db.TierRequests.Add(request);
                await db.SaveChangesAsync();
                return request.Id;
            });
        }

        public Task ExpectTierRequestStatusAsync(Guid id, string status) => Host.AsSystemAsync(async db =>
            Assert.Equal(status, (await db.TierRequests.SingleAsync(r => r.Id == id)).Status.ToString()));

        public Task ExpectTierRequestCountAsync(Guid accountId, int count) => Host.AsSystemAsync(async db =>
            Assert.Equal(count, await db.TierRequests.CountAsync(r => r.AccountId == accountId)));
        // End of tiers and hierarchies.

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

        // Key-account selection matrix (issue 3). Null: nothing was recorded.
        public Task ExpectSelectionVersionAsync(Guid accountId, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Set<Keystone.Core.Portfolio.AccountSelection>().Where(s => s.AccountId == accountId).Select(s => (int?)s.Version).SingleOrDefaultAsync()));

        public Task ExpectTaskVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.WorkTasks.Where(t => t.Id == id).Select(t => (int?)t.Version).SingleOrDefaultAsync()));
        // End of activities and tasks.

        // Targets and pay (issue 4): made by the system, each target in a period of its own.
        private int _periods;

        public string NextPeriod() => (2100 + Interlocked.Increment(ref _periods)).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public Task<Guid> TargetOf(Target target)
        {
            var userId = UserOf(target);
            var period = NextPeriod();
            return Host.AsSystemAsync(async (db, _) =>
            {
                var row = new global::Keystone.Core.Targets.Target
                {
                    ScopeKind = global::Keystone.Core.Targets.TargetScopeKind.Kam,
                    UserId = userId,
                    ScopeKey = global::Keystone.Core.Targets.Target.KeyOf(global::Keystone.Core.Targets.TargetScopeKind.Kam, userId),
                    Metric = global::Keystone.Core.Targets.TargetMetric.Revenue,
                    Period = period,
                    Value = 1000,
                };
                db.Set<global::Keystone.Core.Targets.Target>().Add(row);
                await db.SaveChangesAsync();
                return row.Id;
            });
        }

        public Task<Guid> PayPlanOf(Target target)
        {
            var userId = UserOf(target);
            return Host.AsSystemAsync(async (db, _) =>
            {
                var plan = new global::Keystone.Core.Pay.PayPlan
                {
                    Name = Unique("Matrix plan"),
                    Threshold = 0.5m,
                    Cap = 2,
                    Accelerator = 1,
                    Components = [new global::Keystone.Core.Pay.PayComponent(global::Keystone.Core.Targets.TargetMetric.Revenue, 1)],
                    Members = [new global::Keystone.Core.Pay.PayMember(userId, 1000)],
                };
                db.Set<global::Keystone.Core.Pay.PayPlan>().Add(plan);
                await db.SaveChangesAsync();
                return plan.Id;
            });
        }

        public Task ExpectTargetVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Set<global::Keystone.Core.Targets.Target>().Where(t => t.Id == id).Select(t => (int?)t.Version).SingleOrDefaultAsync()));

        public Task<Guid> ProductAsync() => Host.AsSystemAsync(async (db, _) =>
        {
            var product = new global::Keystone.Core.Revenue.Product { Code = Unique("MATRIX"), Name = "Matrix product" };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product.Id;
        });

        public Task ExpectProductAsync(string code, bool exists) => Host.AsSystemAsync(async db =>
            Assert.Equal(exists, await db.Products.AnyAsync(p => p.Code == code)));

        public Task ExpectProductVersionAsync(Guid id, int version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Products.Where(p => p.Id == id).Select(p => p.Version).SingleAsync()));

        public Task ExpectPayPlanVersionAsync(Guid id, int? version) => Host.AsSystemAsync(async db =>
            Assert.Equal(version, await db.Set<global::Keystone.Core.Pay.PayPlan>().Where(p => p.Id == id).Select(p => (int?)p.Version).SingleOrDefaultAsync()));
        // End of targets and pay.

        public Task ExpectTokenRevokedAsync(Guid id, bool revoked) => Host.AsSystemAsync(async db =>
            Assert.Equal(revoked, await db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAt != null).SingleAsync()));
    }
}
