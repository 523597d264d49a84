using System.Data.Common;
using Keystone.Core.Common;

namespace Keystone.Cli;

/// <summary>An error the CLI itself detects, such as a database that is not migrated; its message is for the person at the terminal.</summary>
internal sealed class CliException(string message) : Exception(message);

internal static class CliErrors
{
    // The use cases name fields as the API does; the CLI names its own options.
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        ["displayName"] = "name",
        ["expiresInDays"] = "expires",
    };

    /// <summary>The lines that explain an expected error, or null for a bug, which keeps its stack trace.</summary>
    public static IReadOnlyList<string>? Describe(Exception e) => e switch
    {
        ValidationException v => [.. v.Errors.SelectMany(field => field.Value.Select(message => $"{OptionNames.GetValueOrDefault(field.Key, field.Key)}: {message}"))],
        NotFoundException or ForbiddenException or ConflictException or ConcurrencyConflictException or CliException => [e.Message],
        DbException => [$"database: {OneLine(e)}"],
        // A database file's folder that cannot be made, an address already in use: the message says which.
        IOException or UnauthorizedAccessException => [OneLine(e)],
        OperationCanceledException => ["cancelled."],
        _ => null,
    };

    /// <summary>A driver's message and, when it says more, its cause's (Npgsql: "Failed to connect to …: Connection refused").</summary>
    private static string OneLine(Exception e)
    {
        var message = e.Message.Trim();
        if (e.InnerException is { } inner && !message.Contains(inner.Message.Trim(), StringComparison.Ordinal))
        {
            message = $"{message.TrimEnd('.')}: {inner.Message.Trim()}";
        }
        return message.ReplaceLineEndings(" ");
    }
}
