namespace Keystone.Core.Common;

/// <summary>The record does not exist, or the current user may not see it (the two are indistinguishable on purpose).</summary>
public sealed class NotFoundException(string entity, object id)
    : Exception($"{entity} '{id}' was not found.")
{
    public string Entity { get; } = entity;
}

/// <summary>The user may see the record but not do this to it.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The input is invalid; <see cref="Errors"/> names each field and what to do about it.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IDictionary<string, string[]> errors)
        : base("One or more fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = new Dictionary<string, string[]>(errors);
    }

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>Someone else changed the record since it was read; nothing was saved.</summary>
public sealed class ConcurrencyConflictException(string entity, object id, object? currentVersion)
    : Exception(currentVersion is null or -1
        ? $"{entity} '{id}' was changed or removed by someone else. Reload it and apply your change again."
        : $"{entity} '{id}' was changed by someone else (it is now at version {currentVersion}). Reload it and apply your change again.")
{
    /// <summary>The record's version now, so a client can fetch it and merge; null when unknown.</summary>
    public object? CurrentVersion { get; } = currentVersion is -1 ? null : currentVersion;
}

/// <summary>The request conflicts with the state of other records (a duplicate, a record still in use).</summary>
public sealed class ConflictException(string message) : Exception(message);
