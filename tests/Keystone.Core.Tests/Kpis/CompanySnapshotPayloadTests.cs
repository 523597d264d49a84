using System.Text.Json;
using Keystone.Core.Kpis;

namespace Keystone.Core.Tests.Kpis;

/// <summary>A stored company period rebuilds exactly the result the engine returned (ADR 0012).</summary>
public sealed class CompanySnapshotPayloadTests
{
    [Fact]
    public void Every_count_and_decimal_comes_back_with_its_scale_and_sign()
    {
        var period = Period.OfQuarter(2025, 3);
        var snapshot = new KpiSnapshot(
            period,
            new CustomerRetention(3, 2, 1, 4),
            new RevenueRetention(500.0000m, 200m, 60.1234m, 50.5m),
            -12345678901234.5678m,
            0.0001m,
            7,
            new GrossMargin(-0.5000m, 0),
            new GrossMargin(79228162514264.3375m, 2));
        var result = new KpiPeriodResult(snapshot, -0.01m);

        var back = CompanySnapshots.Deserialize(CompanySnapshots.Serialize(result), period);

        Assert.Equal(result, back);
        // Equal as text too, so every screen and export formats it the same.
        Assert.Equal(JsonSerializer.Serialize(KpiRow.From(result)), JsonSerializer.Serialize(KpiRow.From(back)));
        Assert.Equal(KpiCsv.FormatRow(snapshot), KpiCsv.FormatRow(back.Snapshot));
        Assert.Equal("500.0000", back.Snapshot.RevenueRetention.StartingRevenue.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_undefined_margin_and_no_unattributed_revenue_stay_undefined()
    {
        var period = Period.OfMonth(2024, 1);
        var result = new KpiPeriodResult(
            KpiSnapshot.Compute(period, [new AccountRevenue(Guid.NewGuid(), 0m, 10m, false)], default, new GrossMargin(3m, 1)),
            null);

        var back = CompanySnapshots.Deserialize(CompanySnapshots.Serialize(result), period);

        Assert.Null(back.UnattributedRevenue);
        Assert.Null(back.Snapshot.GrossMargin.Value);
        Assert.Null(back.Snapshot.RetentionRate);
        Assert.Equal(result, back);
    }
}
