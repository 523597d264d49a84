using Keystone.Web.Access;
using Keystone.Web.Activities;
using Keystone.Web.Calendars;
using Keystone.Web.Accounts;
using Keystone.Web.Contacts;
using Keystone.Web.Kpis;
using Keystone.Web.Portfolio;
using Keystone.Web.Relationships;
using Keystone.Web.Revenue;
using Keystone.Web.Targets;
using Keystone.Web.Tokens;
using Keystone.Web.Teams;
using Keystone.Web.Users;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Keystone.Web.Api;

public static class ApiSetup
{
    public const string Prefix = "/api/v1";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Accounts"] = "Customer organisations and their hierarchy, team and ids in other systems.",
        ["Contacts"] = "The people at accounts and who reports to whom.",
        ["Relationships"] = "Org charts with buying roles, who on our side knows whom, and where relationships are thin.",
        ["Activities"] = "Meetings, calls, visits, emails and notes logged on accounts; your work; meetings and calls per KAM.",
        ["Tasks"] = "Work owed to accounts, often the next step of an activity.",
        ["Users"] = "Who signs in to Keystone, with which role and manager.",
        ["API tokens"] = "Personal tokens for calling this API.",
        ["KPIs"] = "Retention, churn, GRR, NRR, revenue and cross-sell of a scope per period (KPIS.md).",
        ["Targets"] = "Targets of KAMs, teams and accounts per month, quarter or year, and attainment against the KPIs.",
        ["Pay"] = "Variable-pay plans and each KAM's payout with its calculation.",
        ["Calendars"] = "Your calendar feed for Outlook and Google Calendar, and meetings imported from .ics files.",
        ["Tier requests"] = "Promotions and demotions of accounts between tiers, asked for by KAMs and decided by the head of KAM.",
        ["Team"] = "Each KAM's accounts by tier against the capacity settings.",
        ["Portfolio"] = "The key-account selection matrix: scores with reasons, relationship stages, quadrants and position history (KPIS.md).",
        ["Revenue"] = "Invoice lines imported from the ERP, their import runs and the customers no account matches yet.",
        ["Products"] = "The product catalogue: codes, names, the offering (category) each counts under in the KPIs, units and standard costs.",
    };

    public static IServiceCollection AddKeystoneApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiProblems>();
        // Bad query strings throw, so that they answer with problem details like every other error.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Keystone API",
                    Version = "v1",
                    Description = "Key account management: accounts, contacts, users and tokens. Authenticate with a personal API token as a Bearer token.",
                    License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
                };
                document.Servers = [new OpenApiServer { Url = "/", Description = "This Keystone server" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API token (ks_…), created on your profile page or with 'keystone tokens create'.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapKeystoneApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(AuthenticationSetup.ApiAuthorization)
            .WithActor()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        api.MapAccounts();
        api.MapTiersAndHierarchies();
        api.MapTeams();
        api.MapContacts();
        api.MapRelationships();
        api.MapActivities();
        api.MapUsers();
        api.MapTokens();
        api.MapKpis();
        api.MapRevenue();
        api.MapProducts();
        api.MapPortfolio();
        api.MapCalendars();
        api.MapTargets();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", options => options
            .WithTitle("Keystone API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }
}
