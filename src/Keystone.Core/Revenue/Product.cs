using Keystone.Core.Common;

namespace Keystone.Core.Revenue;

/// <summary>Something Keystone's company sells; invoice lines name it by <see cref="Code"/>.</summary>
public sealed class Product : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The product's code in the ERP, unique: imports match lines to products by it.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The offering the product belongs to (KPIS.md, "Additional services purchased"); null when the product is its own offering.</summary>
    public string? Category { get; set; }

    /// <summary>The unit a quantity counts, such as "pcs", "h" or "licence".</summary>
    public string? Unit { get; set; }

    /// <summary>An import met the code and created the product; someone should check its name and category (saving it clears this).</summary>
    public bool CreatedByImport { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public int Version { get; set; }

    // The catalogue belongs to no account; its history is kept under the empty id.
    Guid IAudited.AuditAccountId => Guid.Empty;
}

/// <summary>A product's standard unit cost from a date on, in one currency: the cost of an invoice line that carries none.</summary>
public sealed class ProductCost
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProductId { get; set; }
    public DateOnly EffectiveFrom { get; set; }

    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = "";

    public decimal UnitCost { get; set; }
}

/// <summary>A list of prices in one currency, such as "List prices EUR".</summary>
public sealed class PriceList
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";

    /// <summary>ISO 4217.</summary>
    public string Currency { get; set; } = "";
}

/// <summary>A product's price on a price list from a date on.</summary>
public sealed class ProductPrice
{
    public Guid PriceListId { get; set; }
    public Guid ProductId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal UnitPrice { get; set; }
}
