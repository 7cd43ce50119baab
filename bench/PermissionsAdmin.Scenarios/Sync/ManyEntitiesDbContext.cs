using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Scenarios.Sync;

/// <summary>The library's tables plus the thousand generated entities, as a large application's context would be.</summary>
internal sealed class ManyEntitiesDbContext(DbContextOptions<ManyEntitiesDbContext> options) : PermissionsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var type in GeneratedEntities.Types) builder.Entity(type);
    }
}
