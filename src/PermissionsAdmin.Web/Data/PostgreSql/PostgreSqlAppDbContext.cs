using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PermissionsAdmin.Web.Data.PostgreSql;

/// <summary>The site's model on PostgreSQL, with its own migrations (Migrations/ beside this file).</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options);

/// <summary>What <c>dotnet ef</c> uses to build the context (see README, Migrations): the site's configuration, this provider.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.DesignTimeOptions<PostgreSqlAppDbContext>(DatabaseSetup.PostgreSql, args));
}
