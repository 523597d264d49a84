using System.Net;
using System.Text.RegularExpressions;

namespace Keystone.Web.Tests.Infrastructure;

/// <summary>
/// Talks to the app's pages the way a browser without JavaScript does: it keeps cookies, does not
/// follow redirects, and posts forms with the hidden fields the page rendered.
/// </summary>
public sealed partial class BrowserSession(KeystoneHost host) : IDisposable
{
    private static readonly Uri Origin = new("http://localhost/");
    private readonly HttpClient _client = host.Server.CreateClient();

    public CookieContainer Cookies { get; } = new();

    public async Task<HttpResponseMessage> GetAsync(string path) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var cookies = Cookies.GetCookieHeader(new Uri(Origin, request.RequestUri!));
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(Origin, setCookie);
            }
        }
        return response;
    }

    /// <summary>GETs a page and returns the named and hidden fields of its form, as the browser would send them.</summary>
    public async Task<Dictionary<string, string>> FormFieldsAsync(string path)
    {
        using var response = await GetAsync(path);
        var html = await response.ExpectHtmlAsync(HttpStatusCode.OK);
        return HiddenFields(html);
    }

    /// <summary>The hidden inputs of a page: the form's handler name, the antiforgery token...</summary>
    public static Dictionary<string, string> HiddenFields(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (!tag.Contains("type=\"hidden\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var name = Attribute(tag, "name");
            if (name is not null)
            {
                fields[name] = WebUtility.HtmlDecode(Attribute(tag, "value") ?? "");
            }
        }
        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    public void Dispose() => _client.Dispose();
}

public static class HtmlAssertions
{
    public static async Task<string> ExpectHtmlAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            var serverError = response.Headers.TryGetValues(ServerErrors.Header, out var values) ? " Server: " + string.Join(" ", values) : "";
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)status}.{serverError} Body: {body[..Math.Min(body.Length, 2000)]}");
        }
        return body;
    }
}
