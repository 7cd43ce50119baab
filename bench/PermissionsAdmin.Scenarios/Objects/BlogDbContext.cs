using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Scenarios.Objects;

internal sealed class BlogDbContext(DbContextOptions<BlogDbContext> options) : PermissionsDbContext(options)
{
    public DbSet<Post> Posts => Set<Post>();
}
