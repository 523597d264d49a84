using Keystone.Core.Common;

namespace Keystone.Core.Tests.Common;

public sealed class ErrorsTests
{
    [Fact]
    public void A_conflict_names_the_current_version_so_a_client_can_reload()
    {
        var id = Guid.NewGuid();

        var known = new ConcurrencyConflictException("Account", id, 7);
        var unknown = new ConcurrencyConflictException("Account", id, -1);

        Assert.Equal(7, known.CurrentVersion);
        Assert.Contains("version 7", known.Message, StringComparison.Ordinal);
        Assert.Contains("Reload", known.Message, StringComparison.Ordinal);
        Assert.Null(unknown.CurrentVersion);
        Assert.Contains(id.ToString(), unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_found_names_the_record()
    {
        var id = Guid.NewGuid();

        var error = new NotFoundException("Contact", id);

        Assert.Equal("Contact", error.Entity);
        Assert.Equal($"Contact '{id}' was not found.", error.Message);
    }
}
