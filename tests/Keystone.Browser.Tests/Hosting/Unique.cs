namespace Keystone.Browser.Tests.Hosting;

/// <summary>Names no other test uses, so that a search or a list shows only this test's records.</summary>
public static class Unique
{
    public static string Name(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..10]}";
}
