using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PermissionsAdmin.Scenarios;

internal static class Scopes
{
    /// <summary>Runs <paramref name="body"/> with a service (a context, or the provider itself) of a new scope, as one request would.</summary>
    public static async Task<T> InScopeAsync<TService, T>(this IHost host, Func<TService, Task<T>> body) where TService : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
