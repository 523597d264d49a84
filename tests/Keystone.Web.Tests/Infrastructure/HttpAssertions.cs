using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>Calls of the API the way a client makes them, and the checks every test needs on the answers.</summary>
public static class HttpAssertions
{
    public const string MergePatch = "application/merge-patch+json";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, JsonSerializerOptions.Web);

    /// <summary>A JSON merge patch (RFC 7396), with If-Match when <paramref name="ifMatch"/> is given.</summary>
    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body, string? ifMatch) =>
        client.PatchRawAsync(url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), ifMatch);

    public static Task<HttpResponseMessage> PatchRawAsync(this HttpClient client, string url, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, Encoding.UTF8, MergePatch) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    /// <summary>Checks the status (showing the body when it differs) and returns the JSON body, if any.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            var request = response.RequestMessage;
            var serverError = response.Headers.TryGetValues(ServerErrors.Header, out var values) ? " Server: " + string.Join(" ", values) : "";
            Assert.Fail($"{request?.Method} {request?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode} {response.StatusCode}, expected {(int)status} {status}. Body: {body}{serverError}");
        }
        if (body.Length == 0)
        {
            return default;
        }
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> sending, HttpStatusCode status)
    {
        using var response = await sending;
        return await response.ExpectAsync(status);
    }

    /// <summary>Checks an RFC 9457 problem details answer: its media type, status and title.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static async Task<JsonElement> ExpectProblemAsync(this Task<HttpResponseMessage> sending, HttpStatusCode status)
    {
        using var response = await sending;
        return await response.ExpectProblemAsync(status);
    }

    /// <summary>A 400 whose <c>errors</c> name exactly <paramref name="fields"/>, each with a message.</summary>
    public static async Task<JsonElement> ExpectFieldErrorsAsync(this Task<HttpResponseMessage> sending, params string[] fields)
    {
        var problem = await sending.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var field in errors.EnumerateObject())
        {
            Assert.NotEmpty(field.Value.EnumerateArray());
            Assert.All(field.Value.EnumerateArray(), message => Assert.False(string.IsNullOrWhiteSpace(message.GetString())));
        }
        return problem;
    }

    /// <summary>The messages given for one field of a validation problem.</summary>
    public static IReadOnlyList<string> ErrorsOf(this JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException("The response has no ETag.");

    public static Guid Id(this JsonElement record) => record.GetProperty("id").GetGuid();

    public static string? Str(this JsonElement record, string property) => record.GetProperty(property).GetString();
}
