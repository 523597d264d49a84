using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>
/// Runs after the app's own exception handlers, for exceptions none of them mapped (a 500), and
/// puts the exception in a response header, so that a failing test shows what broke on the server.
/// </summary>
internal sealed class ServerErrors : IExceptionHandler
{
    public const string Header = "X-Test-Exception";

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var lines = exception.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(8);
        var text = string.Join(" | ", lines);
        httpContext.Response.Headers[Header] = new string([.. text.Take(2000).Select(c => c < ' ' || c > '~' ? '?' : c)]);
        return ValueTask.FromResult(false);
    }
}
