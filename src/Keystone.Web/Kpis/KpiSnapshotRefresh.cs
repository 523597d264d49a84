using Keystone.Core.Access;
using Keystone.Core.Data;
using Keystone.Core.Kpis;
using Keystone.Core.Revenue;
using Microsoft.Extensions.Options;

namespace Keystone.Web.Kpis;

/// <summary>
/// Keeps the company's dashboard figures computed (ADR 0012): every <see cref="KpiOptions.SnapshotRefreshSeconds"/>
/// it compares the stored figures of the default windows (24 months, quarters and years up to the last
/// whole one) with the revenue revision, and computes the windows that are behind, then each KAM's
/// scorecard of 24 months (ADR 0016), so that after an import (from the web or the command line, on this
/// server or another) the dashboards read stored figures. Of its own it keeps in memory only when it last
/// found every KAM up to date: every server can run it, and a second one finds the work done.
/// </summary>
internal sealed partial class KpiSnapshotRefresh(
    IServiceScopeFactory scopes, IOptions<KpiOptions> kpis, IOptions<RevenueOptions> revenue, ILogger<KpiSnapshotRefresh> logger) : BackgroundService
{
    /// <summary>The revenue revision and last whole month at which every KAM's scorecard was last found stored.</summary>
    private (long Revision, Period Month)? _kamsDone;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = kpis.Value.SnapshotRefreshSeconds;
        if (seconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(Actor.System);
                var db = scope.ServiceProvider.GetRequiredService<KeystoneDbContext>();
                if (await CompanySnapshots.RefreshDefaultsAsync(db, revenue.Value.TimeZone, stoppingToken))
                {
                    Refreshed(logger);
                }
                // Every KAM's check costs a few queries, so they are checked only after the revenue changed or a
                // month began; an account that changes hands meanwhile is computed at its KAM's next view.
                var done = (await RevenueRevision.ReadAsync(db, stoppingToken), KpiInput.LastWhole(db.Clock, revenue.Value.TimeZone, PeriodGranularity.Month));
                if (_kamsDone != done)
                {
                    if (await ScopeSnapshots.RefreshKamsAsync(db, revenue.Value.TimeZone, stoppingToken) is > 0 and var kams)
                    {
                        RefreshedKams(logger, kams);
                    }
                    _kamsDone = done;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The dashboard still computes the figures itself when they are not stored; try again next tick.
                Failed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The company's KPI figures were computed again after a change to the revenue.")]
    private static partial void Refreshed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The KPI scorecards of {Kams} KAM(s) were computed again after a change to the revenue or to their accounts.")]
    private static partial void RefreshedKams(ILogger logger, int kams);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The company's KPI figures could not be refreshed; the dashboard computes them on demand meanwhile.")]
    private static partial void Failed(ILogger logger, Exception exception);
}

public static class KpiSnapshotRefreshRegistration
{
    /// <summary>Runs <see cref="KpiSnapshotRefresh"/> in the background of the web server.</summary>
    public static IServiceCollection AddKpiSnapshotRefresh(this IServiceCollection services)
    {
        services.AddHostedService<KpiSnapshotRefresh>();
        return services;
    }
}
