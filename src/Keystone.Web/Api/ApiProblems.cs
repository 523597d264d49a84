using Keystone.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Keystone.Web.Api;

/// <summary>Maps the use cases' exceptions to RFC 9457 problem details, the same way for every route.</summary>
public sealed class ApiProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
                Detail = "Correct the fields named in 'errors' and send the request again.",
            },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = n.Message },
            ForbiddenException f => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed.", Detail = f.Message },
            ConcurrencyConflictException c => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "The record was changed by someone else.",
                Detail = c.Message,
                Extensions = { ["currentVersion"] = c.CurrentVersion },
            },
            PreconditionRequiredException p => new ProblemDetails { Status = StatusCodes.Status428PreconditionRequired, Title = "If-Match is required.", Detail = p.Message },
            ConflictException c => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = c.Message },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "The request could not be read.", Detail = b.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
