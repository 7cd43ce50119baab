using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Availability;

/// <summary>
/// Issue #19: the app maps the library's health checks where it wants them (the demo at /healthz): healthy while the
/// database answers a query on the permissions table, 503 Unhealthy when it does not (here: the table gone, as on a
/// database not migrated), healthy again once it does, with nobody signed in.
/// </summary>
public sealed class HealthCheckTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_health_endpoint_says_whether_the_database_answers(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        using var client = site.App.GetTestClient();
        async Task<(HttpStatusCode, string)> HealthAsync()
        {
            using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync());
        await site.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Permissions" RENAME TO "PermissionsAway" """));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync());
        await site.QueryAsync(db => db.Database.ExecuteSqlRawAsync("""ALTER TABLE "PermissionsAway" RENAME TO "Permissions" """));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync());
    }
}
