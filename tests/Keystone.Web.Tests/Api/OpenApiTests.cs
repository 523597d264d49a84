using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keystone.Web.Tests.Access;
using Keystone.Web.Tests.Infrastructure;

namespace Keystone.Web.Tests.Api;

/// <summary>
/// The OpenAPI document describes every route. When <c>KEYSTONE_OPENAPI_OUT</c> names a file, the
/// document is written there, for test.sh to lint.
/// </summary>
public sealed partial class OpenApiTests(KeystoneFixture fixture) : IClassFixture<KeystoneFixture>
{
    public const string OutputVariable = "KEYSTONE_OPENAPI_OUT";

    [Fact]
    public async Task The_document_describes_every_api_route_and_the_bearer_scheme()
    {
        var host = await fixture.HostAsync(DatabaseKind.Sqlite);
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/openapi/v1.json");
        var json = await response.Content.ReadAsStringAsync();
        var document = await response.ExpectAsync(HttpStatusCode.OK);

        if (Environment.GetEnvironmentVariable(OutputVariable) is { Length: > 0 } output)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, json);
        }
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.", document.Str("openapi"), StringComparison.Ordinal);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.Str("type"));
        Assert.Equal("bearer", scheme.Str("scheme"));
        Assert.Contains(document.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("bearer", out _));

        var paths = document.GetProperty("paths");
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name + "/", StringComparison.Ordinal));
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var routes = AccessMatrixTests.ApiRoutes(host.Services)
            .Select(r => Constraint().Replace(r, "}").TrimEnd('/'))
            .ToHashSet(StringComparer.Ordinal);
        var undocumented = routes.Except(documented).Order().ToList();
        Assert.True(undocumented.Count == 0, "Routes missing from the OpenAPI document:\n" + string.Join("\n", undocumented));

        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/v1", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.Str("operationId")), $"{where} has no operationId.");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.Str("summary")), $"{where} has no summary.");
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{where} does not document 401.");
            }
        }
    }

    [Fact]
    public async Task The_api_reference_is_a_page_anyone_can_open()
    {
        var host = await fixture.HostAsync(DatabaseKind.Sqlite);
        using var client = host.CreateAnonymousClient();

        // Scalar serves the page under a trailing slash, so that its relative asset links resolve.
        using var redirect = await client.GetAsync("/api/reference");
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var page = new Uri(new Uri("http://localhost/api/reference"), redirect.Headers.Location!).AbsolutePath;
        using var response = await client.GetAsync(page);
        var html = await response.ExpectHtmlAsync(HttpStatusCode.OK);

        Assert.Equal("/api/reference/", page);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Keystone API reference", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }

    // "{id:guid}" is "{id}" in the document.
    [GeneratedRegex(":[^}]+}")]
    private static partial Regex Constraint();
}
