using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PermissionsAdmin.Web.Data.SqlServer;

/// <summary>The site's model on SQL Server, with its own migrations (Migrations/ beside this file).</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);

/// <summary>What <c>dotnet ef</c> uses to build the context (see README, Migrations): the site's configuration, this provider.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.DesignTimeOptions<SqlServerAppDbContext>(DatabaseSetup.SqlServer, args));
}
