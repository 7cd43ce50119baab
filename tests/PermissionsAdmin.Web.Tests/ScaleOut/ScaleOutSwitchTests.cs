using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.PostgreSql;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>Scale-out is configuration only: off, the site is the single instance it always was.</summary>
public sealed class ScaleOutSwitchTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_the_switch_there_is_no_listener_the_cache_is_in_use_and_the_key_ring_is_the_default(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var site = TestSite.Build(db);

        Assert.Null(site.Services.GetService<PermissionChangeListener>());
        Assert.DoesNotContain(site.Services.GetServices<IHostedService>(), s => s is PermissionChangeListener);
        Assert.False(site.Services.GetRequiredService<PermissionCache>().IsSuspended);
        Assert.Null(site.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task With_the_switch_the_cache_starts_suspended_and_keys_go_to_the_database_under_one_application_name(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var site = TestSite.Build(db, [new("PermissionsAdmin:ScaleOut:Enabled", "true")]);

        Assert.True(site.Services.GetRequiredService<PermissionCache>().IsSuspended);
        Assert.Contains(site.Services.GetServices<IHostedService>(), s => s is PermissionChangeListener);
        Assert.NotNull(site.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Equal("PermissionsAdmin", site.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Fact]
    public async Task The_switch_on_SQLite_shares_the_key_ring_and_leaves_changes_to_the_feed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var site = TestSite.Build(db, [new("PermissionsAdmin:ScaleOut:Enabled", "true")]);

        Assert.Null(site.Services.GetService<PermissionChangeListener>());
        Assert.False(site.Services.GetRequiredService<PermissionCache>().IsSuspended);
        Assert.NotNull(site.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Equal("PermissionsAdmin", site.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }
}
