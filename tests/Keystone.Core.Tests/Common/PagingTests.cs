using Keystone.Core.Common;

namespace Keystone.Core.Tests.Common;

public sealed class PagingTests
{
    [Theory]
    [InlineData(null, Paging.DefaultPageSize)]
    [InlineData(1, 1)]
    [InlineData(200, 200)]
    public void A_page_size_from_1_to_200_is_taken_and_none_means_the_default(int? asked, int expected) =>
        Assert.Equal(expected, Paging.CheckPageSize(asked));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    public void A_page_size_out_of_range_is_refused_naming_the_range(int asked)
    {
        var error = Assert.Throws<ValidationException>(() => Paging.CheckPageSize(asked));

        Assert.Contains("1 to 200", Assert.Single(error.Errors["pageSize"]), StringComparison.Ordinal);
    }
}
