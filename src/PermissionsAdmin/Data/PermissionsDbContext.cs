using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Data;

/// <summary>
/// Identity's tables plus content types, permissions and their grants. The application's own context derives
/// from it and adds its entities, which then get permissions generated at startup.
/// </summary>
public abstract class PermissionsDbContext(DbContextOptions options)
    : IdentityDbContext<PermissionsUser, PermissionsGroup, int, IdentityUserClaim<int>, GroupMembership,
        IdentityUserLogin<int>, IdentityRoleClaim<int>, IdentityUserToken<int>>(options)
{
    private TimeProvider? _clock;

    public DbSet<ContentType> ContentTypes => Set<ContentType>();
    public DbSet<Permission> Permissions => Set<Permission>();
    public DbSet<UserPermission> UserPermissions => Set<UserPermission>();
    public DbSet<GroupPermission> GroupPermissions => Set<GroupPermission>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<UserObjectPermission> UserObjectPermissions => Set<UserObjectPermission>();
    public DbSet<GroupObjectPermission> GroupObjectPermissions => Set<GroupObjectPermission>();
    public DbSet<AnyoneObjectPermission> AnyoneObjectPermissions => Set<AnyoneObjectPermission>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<PermissionChange> PermissionChanges => Set<PermissionChange>();
    public DbSet<AccessPolicy> AccessPolicies => Set<AccessPolicy>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<Notice> Notices => Set<Notice>();

    /// <summary>
    /// The present by the application's <see cref="TimeProvider"/>, read by the query filters that hide memberships and
    /// grants past their end: EF Core evaluates it afresh for each query.
    /// </summary>
    protected DateTime Now => (_clock ??= this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?
        .ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // Changing options already built is refused for a pooled context, and costs a copy of them per context.
        // Every write through any context of this kind invalidates the cached permissions it affects, deleting an
        // object deletes its object grants with it, and outages reach DatabaseHealth: AddPermissionsAdmin puts the
        // interceptors in the options it registers; a context made with other options gets them here.
        var core = optionsBuilder.Options.FindExtension<CoreOptionsExtension>();
        if (core?.Interceptors is not { } configured || !configured.Contains(SqliteMemoryMap.Instance))
        {
            optionsBuilder.AddInterceptors(PermissionsDbContextInterceptors.Of(core?.ApplicationServiceProvider));
        }
    }

    private static readonly string[] UserListCoveredColumns =
    [
        nameof(PermissionsUser.UserName), nameof(PermissionsUser.Email), nameof(PermissionsUser.FirstName), nameof(PermissionsUser.LastName),
        nameof(PermissionsUser.IsActive), nameof(PermissionsUser.IsStaff), nameof(PermissionsUser.IsSuperuser),
    ];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<PermissionsUser>(user =>
        {
            user.Property(u => u.FirstName).HasMaxLength(150);
            user.Property(u => u.LastName).HasMaxLength(150);
            // The admin users list at any size: its search reads the trigram index the migrations make
            // (SearchIndexMigrationBuilderExtensions.CreateUserSearchIndex), and each sort order ends with the id so
            // a keyset page starts where the last one ended; a flag's index also finds its rare value (the few
            // superusers) for a filter.
            foreach (var column in new[]
            {
                nameof(PermissionsUser.NormalizedEmail), nameof(PermissionsUser.FirstName), nameof(PermissionsUser.LastName),
                nameof(PermissionsUser.IsActive), nameof(PermissionsUser.IsStaff), nameof(PermissionsUser.IsSuperuser),
                nameof(PermissionsUser.DateJoined), nameof(PermissionsUser.LastLogin),
            })
            {
                user.HasIndex([column, nameof(PermissionsUser.Id)], $"IX_AspNetUsers_{column}_Id");
            }
            // The default order also carries what searches and filters read (INCLUDE on PostgreSQL), so finding a
            // page's ids among a million users is an index-only scan that never visits a skipped row.
            user.HasIndex([nameof(PermissionsUser.NormalizedUserName), nameof(PermissionsUser.Id)], "IX_AspNetUsers_NormalizedUserName_Id")
                .HasAnnotation("Npgsql:IndexInclude", UserListCoveredColumns);
            user.HasMany(u => u.Permissions).WithOne(p => p.User).HasForeignKey(p => p.UserId);
        });

        builder.Entity<PermissionsGroup>(group =>
        {
            group.Property(g => g.ConfiguredName).HasMaxLength(256);
            group.HasIndex(g => g.ConfiguredName).IsUnique();
            group.HasMany(g => g.Permissions).WithOne(p => p.Group).HasForeignKey(p => p.GroupId);
        });

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
            grant.HasQueryFilter(g => g.ExpiresAt == null || g.ExpiresAt > Now);
        });

        builder.Entity<GroupMembership>(membership => membership.HasQueryFilter(m => m.ExpiresAt == null || m.ExpiresAt > Now));

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

        // SQL Server refuses two cascade paths from one table (content type -> grant, and content type -> permission
        // -> grant); the path through the permission deletes the grants all the same.
        var contentTypeDeletes = Database.ProviderName == DatabaseProviders.SqlServer ? DeleteBehavior.NoAction : DeleteBehavior.Cascade;
        builder.Entity<UserObjectPermission>(grant =>
        {
            grant.ToTable("UserObjectPermissions");
            grant.HasIndex(g => new { g.UserId, g.PermissionId, g.ObjectId }).IsUnique();
            grant.HasIndex(g => new { g.ContentTypeId, g.ObjectId });
            grant.HasIndex(g => g.PermissionId);
            grant.HasOne(g => g.ContentType).WithMany().HasForeignKey(g => g.ContentTypeId).OnDelete(contentTypeDeletes);
        });

        builder.Entity<GroupObjectPermission>(grant =>
        {
            grant.ToTable("GroupObjectPermissions");
            grant.HasIndex(g => new { g.GroupId, g.PermissionId, g.ObjectId }).IsUnique();
            grant.HasIndex(g => new { g.ContentTypeId, g.ObjectId });
            grant.HasIndex(g => g.PermissionId);
            grant.HasOne(g => g.ContentType).WithMany().HasForeignKey(g => g.ContentTypeId).OnDelete(contentTypeDeletes);
        });

        builder.Entity<AnyoneObjectPermission>(grant =>
        {
            grant.ToTable("AnyoneObjectPermissions");
            grant.HasIndex(g => new { g.ContentTypeId, g.ObjectId, g.PermissionId }).IsUnique();
            grant.HasIndex(g => g.PermissionId);
            grant.HasOne(g => g.ContentType).WithMany().HasForeignKey(g => g.ContentTypeId).OnDelete(contentTypeDeletes);
        });

        builder.Entity<PersonalAccessToken>(token =>
        {
            token.ToTable("PersonalAccessTokens");
            token.Property(t => t.Name).HasMaxLength(PersonalAccessToken.MaxNameLength);
            token.Property(t => t.Hash).HasMaxLength(PersonalAccessToken.HashLength);
            token.Property(t => t.Prefix).HasMaxLength(PersonalAccessToken.PrefixLength);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => new { t.UserId, t.Name }).IsUnique();
            token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PermissionChange>().ToTable("PermissionChanges");

        builder.Entity<AccessPolicy>(policy =>
        {
            policy.ToTable("AccessPolicies");
            policy.HasKey(p => p.GroupId);
            policy.HasOne(p => p.Group).WithOne().HasForeignKey<AccessPolicy>(p => p.GroupId).OnDelete(DeleteBehavior.Cascade);
            // Not a second cascade from the groups table (SQL Server refuses two paths): GroupAdministration clears it.
            policy.HasOne(p => p.ApproverGroup).WithMany().HasForeignKey(p => p.ApproverGroupId).OnDelete(DeleteBehavior.ClientSetNull);
            policy.Property(p => p.RequestPermission).HasMaxLength(256);
            policy.Property(p => p.ApproverPermission).HasMaxLength(256);
            policy.Property(p => p.MaxDuration).HasConversion<long?>();
        });

        builder.Entity<AccessRequest>(request =>
        {
            request.ToTable("AccessRequests");
            request.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            request.HasOne(r => r.Group).WithMany().HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.Cascade);
            request.Property(r => r.Justification).HasMaxLength(AccessRequest.MaxJustificationLength);
            request.Property(r => r.DecisionComment).HasMaxLength(AccessRequest.MaxCommentLength);
            request.Property(r => r.DecidedByName).HasMaxLength(256);
            request.Property(r => r.Duration).HasConversion<long?>();
            request.Property(r => r.Version).IsConcurrencyToken();
            // One pending request per user and group, also for two submissions at once.
            var pending = Database.ProviderName == DatabaseProviders.SqlServer ? "[Status] = 0" : "\"Status\" = 0";
            request.HasIndex(r => new { r.UserId, r.GroupId }).IsUnique().HasFilter(pending).HasDatabaseName("IX_AccessRequests_Pending");
            request.HasIndex(r => new { r.UserId, r.Id });
            request.HasIndex(r => new { r.Status, r.GroupId });
            request.HasMany(r => r.Approvals).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AccessRequestApproval>(approval =>
        {
            approval.ToTable("AccessRequestApprovals");
            approval.HasKey(a => new { a.RequestId, a.ApproverName });
            approval.Property(a => a.ApproverName).HasMaxLength(256);
            approval.Property(a => a.Comment).HasMaxLength(AccessRequest.MaxCommentLength);
        });

        builder.Entity<Notice>(notice =>
        {
            notice.ToTable("Notices");
            notice.Property(n => n.Text).HasMaxLength(Notice.MaxTextLength);
            notice.HasIndex(n => new { n.UserId, n.Id });
            notice.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        if (Database.ProviderName == DatabaseProviders.SqlServer)
        {
            foreach (var entity in builder.Model.GetEntityTypes().ToList())
            {
                if (entity.GetTableName() is { } table && ChangeFeedMigrationBuilderExtensions.WatchedTables.Contains(table))
                {
                    builder.Entity(entity.Name).ToTable(t => t.HasTrigger(ChangeFeedMigrationBuilderExtensions.SqlServerTrigger(table)));
                }
            }
        }
    }
}
