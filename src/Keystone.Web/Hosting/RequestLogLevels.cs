using Serilog.AspNetCore;
using Serilog.Events;

namespace Keystone.Web.Hosting;

/// <summary>
/// The level of each request's log line. A line per successful request costs a busy API server a
/// noticeable share of its time (one synchronous console write each, ADR 0013), so successful quick
/// requests are logged at Debug, which the default minimum level (Information) leaves out. Refused
/// and invalid requests (4xx) and requests the client abandoned stay at Information, slow ones become warnings, failures errors.
/// Every request is logged again with
/// <c>Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Debug</c>.
/// </summary>
public static class RequestLogLevels
{
    /// <summary>A request slower than this is logged as a warning, whatever its status.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddKeystoneRequestLogging(this IServiceCollection services) =>
        services.Configure<RequestLoggingOptions>(options => options.GetLevel = LevelOf);

    public static LogEventLevel LevelOf(HttpContext http, double elapsedMs, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(http);
        var status = http.Response.StatusCode;
        if (error is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away (closed the page, timed out): nothing failed on the server's side.
            return LogEventLevel.Information;
        }
        if (error is not null || status >= 500)
        {
            return LogEventLevel.Error;
        }
        if (elapsedMs > Slow.TotalMilliseconds)
        {
            return LogEventLevel.Warning;
        }
        return status >= 400 ? LogEventLevel.Information : LogEventLevel.Debug;
    }
}
