using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Benchmarks.Shop;

/// <summary>The benchmark's application model: Identity, the permission tables and the shop's twelve entities.</summary>
public class ShopDbContext(DbContextOptions<ShopDbContext> options) : PermissionsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Product>();
        builder.Entity<Order>();
        builder.Entity<Category>();
        builder.Entity<Customer>();
        builder.Entity<OrderLine>();
        builder.Entity<Supplier>();
        builder.Entity<Invoice>();
        builder.Entity<Shipment>();
        builder.Entity<Review>();
        builder.Entity<Coupon>();
        builder.Entity<Warehouse>();
        builder.Entity<Payment>();
    }
}
