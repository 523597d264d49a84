using Keystone.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Keystone.Web.Tests.Hosting;

public sealed class RequestLogLevelsTests
{
    [Theory]
    [InlineData(200, 12.0, LogEventLevel.Debug)]
    [InlineData(304, 3.0, LogEventLevel.Debug)]
    [InlineData(401, 2.0, LogEventLevel.Information)]
    [InlineData(404, 2.0, LogEventLevel.Information)]
    [InlineData(200, 1500.0, LogEventLevel.Warning)]
    [InlineData(500, 5.0, LogEventLevel.Error)]
    public void Quick_successes_are_debug_refusals_information_slow_requests_warnings_and_failures_errors(int status, double elapsedMs, LogEventLevel expected)
    {
        var http = new DefaultHttpContext { Response = { StatusCode = status } };

        Assert.Equal(expected, RequestLogLevels.LevelOf(http, elapsedMs, null));
    }

    [Fact]
    public void A_request_that_threw_is_an_error_whatever_its_status()
    {
        var http = new DefaultHttpContext { Response = { StatusCode = 200 } };

        Assert.Equal(LogEventLevel.Error, RequestLogLevels.LevelOf(http, 1.0, new InvalidOperationException("boom")));
    }

    [Fact]
    public void A_request_the_client_abandoned_is_information_not_an_error()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var http = new DefaultHttpContext { RequestAborted = aborted.Token, Response = { StatusCode = 200 } };

        Assert.Equal(LogEventLevel.Information, RequestLogLevels.LevelOf(http, 3.0, new TaskCanceledException()));
    }

    [Fact]
    public void A_cancellation_the_client_did_not_ask_for_is_still_an_error()
    {
        var http = new DefaultHttpContext { Response = { StatusCode = 200 } };

        Assert.Equal(LogEventLevel.Error, RequestLogLevels.LevelOf(http, 3.0, new TaskCanceledException()));
    }
}
