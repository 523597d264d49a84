using System.Text.Json;
using Keystone.Core.Common;

namespace Keystone.Web.Api;

/// <summary>
/// Reads a JSON object (a create body or a JSON merge patch) field by field, so that absent,
/// null and present are told apart, and unknown or server-owned fields are refused by name.
/// </summary>
public sealed class JsonBody
{
    private readonly Dictionary<string, JsonElement> _fields;
    private readonly Validator _errors = new();
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private JsonBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    /// <summary>Fields a client may see in a response but never set: the server owns them.</summary>
    public static readonly IReadOnlySet<string> ServerOwned = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "version", "createdAt", "createdBy", "createdById", "updatedAt", "updatedBy", "updatedById",
        "owner", "canEdit", "canDelete", "contactCount", "subsidiaries", "parent", "account", "reportsTo", "directReports",
    };

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException e)
        {
            throw new ValidationException("body", $"The body is not valid JSON ({e.Message}); send a JSON object.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ValidationException("body", "The body must be a JSON object of fields.");
            }
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.Clone();
            }
            return new JsonBody(fields);
        }
    }

    public Optional<string?> String(string name)
    {
        if (!Take(name, out var value))
        {
            return default;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Null => new Optional<string?>(null),
            JsonValueKind.String => value.GetString(),
            _ => Fail<string?>(name, "must be a string or null"),
        };
    }

    public Optional<Guid?> Guid(string name)
    {
        if (!Take(name, out var value))
        {
            return default;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Optional<Guid?>(null);
        }
        return value.ValueKind == JsonValueKind.String && System.Guid.TryParse(value.GetString(), out var id)
            ? id
            : Fail<Guid?>(name, "must be an id such as 0191d6f4-8f5c-7d5e-9a1b-2c3d4e5f6a7b, or null");
    }

    public Optional<int?> Int(string name)
    {
        if (!Take(name, out var value))
        {
            return default;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Optional<int?>(null);
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : Fail<int?>(name, "must be a whole number or null");
    }

    /// <summary>A JSON number read exactly as a decimal (money, rates), or null.</summary>
    public Optional<decimal?> Decimal(string name)
    {
        if (!Take(name, out var value))
        {
            return default;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Optional<decimal?>(null);
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number : Fail<decimal?>(name, "must be a number or null");
    }

    public Optional<bool> Bool(string name)
    {
        if (!Take(name, out var value))
        {
            return default;
        }
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : Fail<bool>(name, "must be true or false");
    }

    public Optional<IReadOnlyList<T>?> Array<T>(string name, Func<JsonElement, string, Validator, T?> read)
        where T : class
    {
        if (!Take(name, out var value))
        {
            return default;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Optional<IReadOnlyList<T>?>(null);
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail<IReadOnlyList<T>?>(name, "must be an array");
        }
        var items = new List<T>();
        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            var item = read(element, $"{name}[{i++}]", _errors);
            if (item is not null)
            {
                items.Add(item);
            }
        }
        return items;
    }

    public static string? ReadString(JsonElement obj, string path, string field, Validator errors)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object.");
            return null;
        }
        if (!obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{path}.{field}", "must be a string.");
            return null;
        }
        return value.GetString();
    }

    public static decimal? ReadDecimal(JsonElement obj, string path, string field, Validator errors)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            errors.Add($"{path}.{field}", "must be a number.");
            return null;
        }
        return number;
    }

    /// <summary>Refuses what was not read: server-owned fields and fields Keystone does not know.</summary>
    public void ThrowIfInvalid()
    {
        foreach (var name in _fields.Keys.Where(n => !_read.Contains(n)))
        {
            _errors.Add(name, ServerOwned.Contains(name)
                ? $"'{name}' is set by Keystone, not by clients; leave it out."
                : $"'{name}' is not a field of this record; check its spelling against the API reference.");
        }
        _errors.ThrowIfInvalid();
    }

    private bool Take(string name, out JsonElement value)
    {
        _read.Add(name);
        return _fields.TryGetValue(name, out value);
    }

    private Optional<TValue> Fail<TValue>(string name, string message)
    {
        _errors.Add(name, $"'{name}' {message}.");
        return default;
    }
}
