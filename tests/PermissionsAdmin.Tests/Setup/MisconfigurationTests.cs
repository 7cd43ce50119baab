using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Startup;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Setup;

/// <summary>An app wired wrongly is told what to do, in the words of the call or command that fixes it.</summary>
public sealed class MisconfigurationTests
{
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers() => TestDatabase.Providers();

    [Fact]
    public void Mapping_the_admin_without_the_services_names_AddPermissionsAdmin()
    {
        var app = WebApplication.CreateBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPermissionsAdmin());

        Assert.Contains("call builder.Services.AddPermissionsAdmin<YourDbContext>(builder.Configuration) before builder.Build()", error.Message);
        Assert.StartsWith("MapPermissionsAdmin() needs", error.Message);
    }

    [Fact]
    public void Mapping_the_api_without_the_services_names_AddPermissionsAdmin()
    {
        var app = WebApplication.CreateBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPermissionsApi());

        Assert.StartsWith("MapPermissionsApi() needs PermissionsAdmin's services: call builder.Services.AddPermissionsAdmin", error.Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Starting_on_a_database_without_the_tables_names_the_commands_that_make_them(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ShopDbContext>(database.Configure);
        builder.Services.AddPermissionsAdmin<ShopDbContext>(new ConfigurationBuilder().Build());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<DatabaseNotReadyException>(() => host.SyncPermissionsAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("The database has no PermissionsAdmin tables (", error.Message);
        Assert.EndsWith("Create them: add migrations with dotnet ef migrations add Initial, then apply them with: " +
            "dotnet run -- migrate (or dotnet ef database update).", error.Message);
    }
}
