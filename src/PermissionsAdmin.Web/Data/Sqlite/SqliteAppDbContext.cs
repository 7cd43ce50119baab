using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PermissionsAdmin.Web.Data.Sqlite;

/// <summary>The site's model on SQLite, with its own migrations (Migrations/ beside this file).</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>What <c>dotnet ef</c> uses to build the context (see README, Migrations): the site's configuration, this provider.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(DatabaseSetup.DesignTimeOptions<SqliteAppDbContext>(DatabaseSetup.Sqlite, args));
}
