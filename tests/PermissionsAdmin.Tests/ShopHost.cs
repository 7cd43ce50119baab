using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Sync;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Tests;

/// <summary>The library wired as an application would wire it, over the shop model and a fresh test database (a copy of <see cref="ShopDatabaseTemplates"/>), synced.</summary>
public sealed class ShopHost : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private ShopHost(TestDatabase database, ServiceProvider services, QueryCounter queries)
    {
        _database = database;
        Services = services;
        Queries = queries;
    }

    public ServiceProvider Services { get; }

    /// <summary>Every command any context of this host sends.</summary>
    public QueryCounter Queries { get; }

    public static async Task<ShopHost> CreateAsync(
        DatabaseKind kind, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var database = await ShopDatabaseTemplates.CopyAsync(kind);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        var counter = new QueryCounter();
        services.AddLogging();
        services.AddDbContext<ShopDbContext>(options =>
        {
            database.Configure(options);
            options.AddInterceptors(counter);
        });
        services.AddPermissionsAdmin<ShopDbContext>(configuration);
        configure?.Invoke(services);
        var host = new ShopHost(database, services.BuildServiceProvider(), counter);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PermissionSynchronizer>().SyncAsync();
        }
        return host;
    }

    /// <summary>Runs <paramref name="body"/> in a new scope, as one web request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> body) =>
        InScopeAsync<bool>(async services => { await body(services); return true; });

    public Task<PermissionsUser> CreateUserAsync(string userName, bool isSuperuser = false) =>
        InScopeAsync(services => services.GetRequiredService<UserAdministration>()
            .CreateAsync(userName, $"{userName}@example.com", password: null, isSuperuser: isSuperuser));

    public Task<ClaimsPrincipal> PrincipalAsync(PermissionsUser user) =>
        InScopeAsync(services => services.GetRequiredService<IUserClaimsPrincipalFactory<PermissionsUser>>().CreateAsync(user));

    public Task GrantAsync(PermissionsUser user, string permission) =>
        InScopeAsync(services => services.GetRequiredService<UserAdministration>().GrantAsync(user, permission));

    public Task<PermissionsGroup> CreateGroupAsync(string name, params string[] permissions) =>
        InScopeAsync(services => services.GetRequiredService<GroupAdministration>().CreateAsync(name, permissions));

    public Task AddMemberAsync(PermissionsGroup group, PermissionsUser user) =>
        InScopeAsync(services => services.GetRequiredService<GroupAdministration>().AddMemberAsync(group, user));

    /// <summary>Asks the checker in a fresh scope, as the next request would.</summary>
    public Task<bool> HasPermissionAsync(ClaimsPrincipal principal, string permission) =>
        InScopeAsync(services => services.GetRequiredService<IPermissionChecker>().HasPermissionAsync(principal, permission));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
