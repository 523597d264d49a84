using Microsoft.Playwright;

namespace Keystone.Browser.Tests.Relationships;

/// <summary>The relationship map on an account page: the org chart and its flags.</summary>
public sealed class RelationshipMapSection(IPage page)
{
    public ILocator Section => page.GetByTestId("relationship-map");

    public ILocator People => Section.GetByTestId("relationship-person");

    /// <summary>A person's own line, without the people who report to them.</summary>
    public ILocator Person(string name) => People.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) }).Last;

    /// <summary>The flags of the whole account, above the chart.</summary>
    public ILocator AccountFlags => Section.Locator(":scope > [data-testid=relationship-flag]");

    public static ILocator Flags(ILocator person, string code) =>
        person.Locator($":scope > div > [data-testid=relationship-flag][data-flag={code}]");
}
