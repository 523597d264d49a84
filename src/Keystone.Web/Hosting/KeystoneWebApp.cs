using Keystone.Core.Kpis;
using Keystone.Web.Access;
using Keystone.Web.Activities;
using Keystone.Web.Api;
using Keystone.Web.Calendars;
using Keystone.Web.Components;
using Keystone.Web.Contacts;
using Keystone.Web.Data;
using Keystone.Web.Demo;
using Keystone.Web.Health;
using Keystone.Web.Revenue;
using Keystone.Web.Kpis;
using Keystone.Web.Portfolio;
using Keystone.Core.Portfolio;
using Keystone.Web.Targets;
using Keystone.Web.Teams;
using Keystone.Core.Teams;
using Keystone.Core.Data;
using Keystone.Core.Revenue;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using Serilog;

namespace Keystone.Web.Hosting;

/// <summary>Composes the Keystone web host: the UI, the API, sign-in and the database.</summary>
public static class KeystoneWebApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => a != DemoStartup.Flag).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
            // Keystone.Web, also when another program hosts it (the keystone CLI): static assets and user secrets go by this name.
            ApplicationName = typeof(KeystoneWebApp).Assembly.GetName().Name,
        });
        builder.Host.UseSerilog((context, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}"));
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddKeystoneRequestLogging();
        // Serves wwwroot and the packages' assets (MudBlazor, blazor.web.js) when run from the build
        // output, as `dotnet run` does, in any environment; a published app has no manifest for it and is unaffected.
        builder.WebHost.UseStaticWebAssets();
        if (!builder.Environment.IsDevelopment())
        {
            // From the build output, MapStaticAssets would also reload edited wwwroot files at run time, through a
            // catch-all route that looks on disk on every request, API calls included. Only development wants that;
            // elsewhere the assets are served from the manifest, as a published app serves them.
            builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        }
        configure?.Invoke(builder);

        builder.Services.AddKeystoneDatabase(builder.Configuration);
        builder.Services.AddKeystoneRevenue(builder.Configuration);
        builder.Services.AddKeystonePortfolio(builder.Configuration);
        builder.Services.AddKeystoneKpis(builder.Configuration);
        builder.Services.AddKpiSnapshotRefresh();
        builder.Services.AddKeystoneTeams(builder.Configuration);
        builder.Services.AddKeystoneAuthentication();
        // Keys in the database: any web server in front of it reads the cookies of the others.
        builder.Services.AddDataProtection().SetApplicationName("Keystone").PersistKeysToDbContext<KeystoneDbContext>();
        builder.Services.AddKeystoneApi();
        builder.Services.AddKeystoneCalendars();
        builder.Services.AddKeystoneHealth();
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseSerilogRequestLogging();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapKeystoneHealth();
        app.MapKeystoneApi();
        app.MapSignInEndpoints();
        app.MapContactDownloads();
        app.MapActivityDownloads();
        app.MapRevenueDownloads();
        app.MapKpiDownloads();
        app.MapPortfolioDownloads();
        app.MapTeamDownloads();
        app.MapCalendarFeed();
        app.MapScorecardDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Applies migrations, checks that the stored revenue is in the configured reporting currency, seeds
    /// the demo portfolio when asked, then serves until stopped. Returns the process's exit code: 1 when
    /// the check refused to serve (its reason logged), else 0.
    /// </summary>
    public static async Task<int> RunKeystoneAsync(this WebApplication app, string[] args)
    {
        await DatabaseRegistration.MigrateAsync(app.Services);
        if (await ReportingCurrencyCheck.MismatchAsync(app.Services) is { } mismatch)
        {
            if (app.Logger.IsEnabled(LogLevel.Critical))
            {
                app.Logger.LogCritical("Keystone did not start. {Reason}", mismatch);
            }
            return 1;
        }
        if (args.Contains(DemoStartup.Flag))
        {
            await DemoStartup.SeedAndPrintAsync(app.Services, Console.Out);
        }
        await app.RunAsync();
        return 0;
    }
}
