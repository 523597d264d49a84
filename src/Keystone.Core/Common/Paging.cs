using System.Linq.Expressions;
using System.Text;
using System.Text.Json;

namespace Keystone.Core.Common;

/// <summary>One page of a list and the token of the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken, int Total);

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static int CheckPageSize(int? pageSize)
    {
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new ValidationException("pageSize", $"Page size {size} is out of range; ask for 1 to {MaxPageSize} items a page.");
        }
        return size;
    }
}

/// <summary>
/// Keyset paging: rows are ordered by a key and the id, and a page token holds the last row's
/// key and id, so a page costs the same however deep it is and rows added meanwhile do not shift it.
/// </summary>
public sealed class Keyset<T>(string sort, bool descending, LambdaExpression key, Expression<Func<T, Guid>> id)
{
    private sealed record Token(string S, string? K, Guid I);

    private sealed class Box<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    public IQueryable<T> Apply(IQueryable<T> query, string? pageToken)
    {
        if (!string.IsNullOrEmpty(pageToken))
        {
            var token = Decode(pageToken);
            query = query.Where(After(token));
        }
        return Order(query);
    }

    private IQueryable<T> Order(IQueryable<T> query)
    {
        var ordered = Call(descending ? "OrderByDescending" : "OrderBy", query.Expression, key);
        ordered = Call(descending ? "ThenByDescending" : "ThenBy", ordered, id);
        return query.Provider.CreateQuery<T>(ordered);
    }

    private static MethodCallExpression Call(string method, Expression source, LambdaExpression selector) =>
        Expression.Call(typeof(Queryable), method, [typeof(T), selector.ReturnType], source, Expression.Quote(selector));

    public string? NextToken(IReadOnlyList<T> page, int pageSize)
    {
        if (page.Count < pageSize)
        {
            return null;
        }
        var last = page[^1];
        var keyValue = key.Compile().DynamicInvoke(last);
        var token = new Token(sort + (descending ? ":desc" : ""), Serialize(keyValue), id.Compile()(last));
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private Token Decode(string pageToken)
    {
        try
        {
            var base64 = pageToken.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var token = JsonSerializer.Deserialize<Token>(Convert.FromBase64String(base64));
            if (token is null || token.S != sort + (descending ? ":desc" : ""))
            {
                throw new ValidationException("pageToken", "The page token belongs to another sort order; start again from the first page.");
            }
            // Read the key here too, so that a forged position is refused like any other bad token.
            _ = ParseKey(token.K, key.ReturnType);
            return token;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or OverflowException)
        {
            throw new ValidationException("pageToken", "The page token is not one Keystone issued; start again from the first page.");
        }
    }

    private static string? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private Expression<Func<T, bool>> After(Token token)
    {
        var row = key.Parameters[0];
        var keyBody = key.Body;
        var idBody = new Replace(id.Parameters[0], row).Visit(id.Body);
        var keyValue = ParseKey(token.K, key.ReturnType);
        var keyConst = Parameter(keyValue, key.ReturnType);
        var idConst = Parameter(token.I, typeof(Guid));

        var beyondKey = Compare(keyBody, keyConst);
        var sameKey = Expression.Equal(keyBody, keyConst);
        var beyondId = Compare(idBody, idConst);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(beyondKey, Expression.AndAlso(sameKey, beyondId)), row);
    }

    private Expression Compare(Expression left, Expression right)
    {
        Expression compared = left.Type == typeof(string)
            ? Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right)
            : left.Type == typeof(Guid)
                ? Expression.Call(left, typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, right)
                : null!;
        if (compared is null)
        {
            return descending ? Expression.LessThan(left, right) : Expression.GreaterThan(left, right);
        }
        var zero = Expression.Constant(0);
        return descending ? Expression.LessThan(compared, zero) : Expression.GreaterThan(compared, zero);
    }

    private static Expression Parameter(object? value, Type type)
    {
        // Box<TValue> is nested in Keyset<T>, so its open type takes T as well.
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(typeof(T), type), value)!;
        return Expression.Property(Expression.Constant(box), "Value");
    }

    private static object? ParseKey(string? raw, Type type)
    {
        if (type == typeof(string))
        {
            return raw ?? "";
        }
        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(long.Parse(raw ?? "0", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        }
        if (type == typeof(DateOnly))
        {
            return DateOnly.ParseExact(raw ?? "", "O", System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new NotSupportedException($"Keyset paging on {type.Name} keys is not supported.");
    }

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
