using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Tests.Shop;

/// <summary>A small application model exercising every catalogue rule.</summary>
public class ShopDbContext(DbContextOptions<ShopDbContext> options) : PermissionsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Product>().OwnsOne(p => p.Warehouse);
        builder.Entity<FeaturedProduct>();
        builder.Entity<Photo>();
        builder.Entity<Setting>();
        builder.Entity<Invoice>();
        builder.Entity<ProductPhoto>().HasKey(p => new { p.ProductId, p.PhotoId });
        builder.Entity<SalesReportRow>().HasNoKey().ToView("SalesReport");
    }
}
