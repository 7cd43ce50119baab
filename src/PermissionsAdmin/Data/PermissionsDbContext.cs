using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Groups;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Data;

/// <summary>
/// Identity's tables plus content types, permissions and their grants. The application's own context derives
/// from it and adds its entities, which then get permissions generated at startup.
/// </summary>
public abstract class PermissionsDbContext(DbContextOptions options)
    : IdentityDbContext<PermissionsUser, PermissionsGroup, int>(options)
{
    public DbSet<ContentType> ContentTypes => Set<ContentType>();
    public DbSet<Permission> Permissions => Set<Permission>();
    public DbSet<UserPermission> UserPermissions => Set<UserPermission>();
    public DbSet<GroupPermission> GroupPermissions => Set<GroupPermission>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<UserObjectPermission> UserObjectPermissions => Set<UserObjectPermission>();
    public DbSet<GroupObjectPermission> GroupObjectPermissions => Set<GroupObjectPermission>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // Every write through any context of this kind invalidates the cached permissions it affects.
        // and deleting an object deletes its object grants with it.
        optionsBuilder.AddInterceptors(PermissionChangeInterceptor.Instance, ObjectGrantCleanup.Instance);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<PermissionsUser>(user =>
        {
            user.Property(u => u.FirstName).HasMaxLength(150);
            user.Property(u => u.LastName).HasMaxLength(150);
            user.HasMany(u => u.Permissions).WithOne(p => p.User).HasForeignKey(p => p.UserId);
        });

        builder.Entity<PermissionsGroup>()
            .HasMany(g => g.Permissions).WithOne(p => p.Group).HasForeignKey(p => p.GroupId);

        builder.Entity<ContentType>(contentType =>
        {
            contentType.ToTable("ContentTypes");
            contentType.Property(c => c.AppLabel).HasMaxLength(100);
            contentType.Property(c => c.Model).HasMaxLength(100);
            contentType.HasIndex(c => new { c.AppLabel, c.Model }).IsUnique();
        });

        builder.Entity<Permission>(permission =>
        {
            permission.ToTable("Permissions");
            permission.Property(p => p.Codename).HasMaxLength(Permission.MaxCodenameLength);
            permission.Property(p => p.Name).HasMaxLength(Permission.MaxNameLength);
            permission.HasIndex(p => new { p.ContentTypeId, p.Codename }).IsUnique();
            permission.HasOne(p => p.ContentType).WithMany(c => c.Permissions).HasForeignKey(p => p.ContentTypeId);
        });

        builder.Entity<UserPermission>(grant =>
        {
            grant.ToTable("UserPermissions");
            grant.HasKey(g => new { g.UserId, g.PermissionId });
            grant.HasOne(g => g.Permission).WithMany().HasForeignKey(g => g.PermissionId);
        });

        builder.Entity<GroupPermission>(grant =>
        {
            grant.ToTable("GroupPermissions");
            grant.HasKey(g => new { g.GroupId, g.PermissionId });
            grant.HasOne(g => g.Permission).WithMany().HasForeignKey(g => g.PermissionId);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.Property(e => e.ActorName).HasMaxLength(256);
            entry.Property(e => e.Channel).HasMaxLength(20);
            entry.Property(e => e.ObjectType).HasMaxLength(201);
            entry.Property(e => e.ObjectId).HasMaxLength(100);
            entry.Property(e => e.ObjectRepr).HasMaxLength(AuditEntry.MaxReprLength);
            entry.HasIndex(e => new { e.ObjectType, e.ObjectId, e.At });
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => e.ActorId);
        });

        builder.Entity<UserObjectPermission>(grant =>
        {
            grant.ToTable("UserObjectPermissions");
            grant.HasIndex(g => new { g.UserId, g.PermissionId, g.ObjectId }).IsUnique();
            grant.HasIndex(g => new { g.ContentTypeId, g.ObjectId });
            grant.HasIndex(g => g.PermissionId);
        });

        builder.Entity<GroupObjectPermission>(grant =>
        {
            grant.ToTable("GroupObjectPermissions");
            grant.HasIndex(g => new { g.GroupId, g.PermissionId, g.ObjectId }).IsUnique();
            grant.HasIndex(g => new { g.ContentTypeId, g.ObjectId });
            grant.HasIndex(g => g.PermissionId);
        });
    }
}
