using System.ComponentModel;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Tests.Shop;

[ExtraPermission("discount_product", "Can discount product")]
public class Product
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public Address? Warehouse { get; set; }
}

/// <summary>A derived entity gets its own content type, like a Django proxy model.</summary>
public class FeaturedProduct : Product;

[DisplayName("holiday photo")]
[DefaultPermissions(DefaultPermissions.View)]
public class Photo
{
    public int Id { get; set; }
}

[DefaultPermissions(DefaultPermissions.None)]
public class Setting
{
    public int Id { get; set; }
}

[PermissionApp("billing")]
public class Invoice
{
    public int Id { get; set; }
}

/// <summary>A join entity: its key is made of foreign keys only.</summary>
public class ProductPhoto
{
    public int ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public int PhotoId { get; set; }
    public Photo Photo { get; set; } = null!;
}

public class SalesReportRow
{
    public int Total { get; set; }
}

public class Address
{
    public string City { get; set; } = "";
}
