using Keystone.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Keystone.Web.Health;

public static class HealthSetup
{
    public static IServiceCollection AddKeystoneHealth(this IServiceCollection services)
    {
        services.AddSingleton<MigrationState>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IEndpointRouteBuilder MapKeystoneHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Set once every migration of this build was found applied: migrations are never taken back, so
    /// later checks only ask whether the database answers (reading the migrations and the history
    /// table on every probe made <c>/healthz</c> one of the slowest endpoints).
    /// </summary>
    private sealed class MigrationState
    {
        public volatile bool AllApplied;
    }

    private sealed class DatabaseHealthCheck(IDbContextFactory<KeystoneDbContext> factory, MigrationState migrations) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    return HealthCheckResult.Unhealthy("The database cannot be reached.");
                }
                if (migrations.AllApplied)
                {
                    return HealthCheckResult.Healthy();
                }
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    return HealthCheckResult.Degraded($"{pending.Count} migration(s) are not applied; run 'keystone db migrate'.");
                }
                migrations.AllApplied = true;
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The database check failed.", e);
            }
        }
    }
}
