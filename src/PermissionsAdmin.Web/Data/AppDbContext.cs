using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Web.Blog;

namespace PermissionsAdmin.Web.Data;

/// <summary>
/// The site's model. Each database provider has its own subclass, holding that provider's migrations
/// (<see cref="Sqlite.SqliteAppDbContext"/>, <see cref="PostgreSql.PostgreSqlAppDbContext"/>,
/// <see cref="SqlServer.SqlServerAppDbContext"/>); <see cref="DatabaseSetup"/> registers the configured one as this.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : PermissionsDbContext(options), IDataProtectionKeyContext
{
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Photo> Photos => Set<Photo>();
    public DbSet<SiteNotice> SiteNotices => Set<SiteNotice>();

    /// <summary>The data protection key ring, used when several instances share the database (scale-out).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RenewVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RenewVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>A new <see cref="IVersioned.Version"/> for every row this save adds or changes.</summary>
    private void RenewVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified) entry.Entity.Version = Guid.NewGuid();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Post>(post =>
        {
            post.Property(p => p.Title).HasMaxLength(Post.MaxTitleLength);
            // The column was added to a table with rows (migration PostFeatures), which needs a default on every
            // provider; declaring it here keeps the model and the migrations identical.
            post.Property(p => p.IsFeatured).HasDefaultValue(false);
            // Likewise the version (migration PostAndCommentVersions): rows saved before versions began share the empty
            // one, which their next save renews.
            post.Property(p => p.Version).HasDefaultValue(Guid.Empty);
            post.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.SetNull);
            post.HasIndex(p => p.CreatedAt);
        });
        builder.Entity<Comment>(comment =>
        {
            comment.Property(c => c.AuthorName).HasMaxLength(150);
            comment.Property(c => c.Version).HasDefaultValue(Guid.Empty);
            comment.HasOne(c => c.Post).WithMany(p => p.Comments).HasForeignKey(c => c.PostId);
        });
        builder.Entity<Photo>().Property(p => p.Title).HasMaxLength(Photo.MaxTitleLength);
    }
}
