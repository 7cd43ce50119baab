using PermissionsAdmin.Model;

namespace PermissionsAdmin.Benchmarks.Shop;

// Twelve entities with the four default permissions each, plus two extras: the catalogue's 50 "shop" permissions.

[ExtraPermission("discount_product", "Can discount product")]
public class Product
{
    public int Id { get; set; }
}

[ExtraPermission("refund_order", "Can refund order")]
public class Order
{
    public int Id { get; set; }
}

public class Category
{
    public int Id { get; set; }
}

public class Customer
{
    public int Id { get; set; }
}

public class OrderLine
{
    public int Id { get; set; }
}

public class Supplier
{
    public int Id { get; set; }
}

public class Invoice
{
    public int Id { get; set; }
}

public class Shipment
{
    public int Id { get; set; }
}

public class Review
{
    public int Id { get; set; }
}

public class Coupon
{
    public int Id { get; set; }
}

public class Warehouse
{
    public int Id { get; set; }
}

public class Payment
{
    public int Id { get; set; }
}
