using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Benchmarks.Shop;
using PermissionsAdmin.Benchmarks.Site;

namespace PermissionsAdmin.Benchmarks;

/// <summary>
/// <see cref="IPermissionChecker.HasPermissionAsync"/>: warm (the user's grants cached) against a plain set lookup,
/// and cold (the first check for a user: the one UNION ALL query on SQLite). The check in a new scope is a request's
/// first check with the cache warm; ColdCheck minus it is the query. BareRoundTrip is that query alone in plain
/// ADO.NET: the floor a cold check cannot go below.
/// </summary>
[MemoryDiagnoser]
public class CheckerBenchmarks
{
    private BenchSite _site = null!;
    private AsyncServiceScope _scope;
    private IPermissionChecker _checker = null!;
    private PermissionCache _cache = null!;
    private HashSet<string> _held = null!;
    private string _connectionString = null!;

    /// <summary>
    /// The statement the cold check sends on SQLite, copied from EF Core's log: flags, direct grants, group grants (as
    /// <c>app.codename</c>), groups. Keep it in step with PermissionSubjectStore.
    /// </summary>
    private const string SubjectSql = """
        SELECT 0 AS "Kind", '' AS "Name", "a"."SecurityStamp", "a"."IsActive", "a"."IsStaff", "a"."IsSuperuser"
        FROM "AspNetUsers" AS "a"
        WHERE "a"."Id" = @userId
        UNION ALL
        SELECT 1 AS "Kind", "c"."AppLabel" || '.' || "p"."Codename" AS "Name", NULL AS "SecurityStamp", 0 AS "IsActive", 0 AS "IsStaff", 0 AS "IsSuperuser"
        FROM "UserPermissions" AS "u"
        INNER JOIN "Permissions" AS "p" ON "u"."PermissionId" = "p"."Id"
        INNER JOIN "ContentTypes" AS "c" ON "p"."ContentTypeId" = "c"."Id"
        WHERE "u"."UserId" = @userId
        UNION ALL
        SELECT 2 AS "Kind", "c0"."AppLabel" || '.' || "p0"."Codename" AS "Name", NULL AS "SecurityStamp", 0 AS "IsActive", 0 AS "IsStaff", 0 AS "IsSuperuser"
        FROM "GroupPermissions" AS "g"
        INNER JOIN "Permissions" AS "p0" ON "g"."PermissionId" = "p0"."Id"
        INNER JOIN "ContentTypes" AS "c0" ON "p0"."ContentTypeId" = "c0"."Id"
        WHERE EXISTS (
            SELECT 1
            FROM "AspNetUserRoles" AS "a0"
            WHERE "a0"."UserId" = @userId AND "a0"."RoleId" = "g"."GroupId")
        UNION ALL
        SELECT 3 AS "Kind", "a2"."Name", NULL AS "SecurityStamp", 0 AS "IsActive", 0 AS "IsStaff", 0 AS "IsSuperuser"
        FROM "AspNetUserRoles" AS "a1"
        INNER JOIN "AspNetRoles" AS "a2" ON "a1"."RoleId" = "a2"."Id"
        WHERE "a1"."UserId" = @userId
        """;

    [GlobalSetup]
    public async Task StartAsync()
    {
        _site = await BenchSite.StartAsync();
        _scope = _site.Services.CreateAsyncScope();
        _checker = _scope.ServiceProvider.GetRequiredService<IPermissionChecker>();
        _cache = _site.Services.GetRequiredService<PermissionCache>();
        _held = [.. await _checker.GetAllPermissionsAsync(_site.Principal)];
        _connectionString = _scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.GetConnectionString()!;
        if (!_held.Contains(ShopData.CheckedPermission)) throw new InvalidOperationException("The measured user should hold the checked permission.");
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _scope.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<bool> HashSetContains() => Task.FromResult(_held.Contains(ShopData.CheckedPermission));

    [Benchmark]
    public Task<bool> WarmCheck() => _checker.HasPermissionAsync(_site.Principal, ShopData.CheckedPermission);

    [Benchmark]
    public async Task<bool> WarmCheckInNewScope()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPermissionChecker>().HasPermissionAsync(_site.Principal, ShopData.CheckedPermission);
    }

    [Benchmark]
    public async Task<bool> ColdCheck()
    {
        _cache.Invalidate(_site.UserId);
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPermissionChecker>().HasPermissionAsync(_site.Principal, ShopData.CheckedPermission);
    }

    /// <summary>A connection from the pool, the statement, every row's columns read: what any cold check must do.</summary>
    [Benchmark]
    public async Task<int> BareRoundTrip()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SubjectSql;
        command.Parameters.AddWithValue("@userId", _site.UserId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetInt32(0);
            _ = reader.GetString(1);
            _ = reader.IsDBNull(2) ? null : reader.GetString(2);
            _ = reader.GetBoolean(3) | reader.GetBoolean(4) | reader.GetBoolean(5);
            rows++;
        }
        return rows;
    }
}
