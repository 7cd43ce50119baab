using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Scenarios;

/// <summary>The library wired as a site wires it (<c>AddPermissionsAdmin</c>) over PostgreSQL, with every command counted.</summary>
internal static class ScenarioHost
{
    public static IHost Build<TContext>(string connectionString, QueryCounter counter) where TContext : PermissionsDbContext
    {
        // No logging provider: the startup sync's log lines would break up the results table.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDbContext<TContext>(options => options.UseNpgsql(connectionString).AddInterceptors(counter));
        builder.Services.AddPermissionsAdmin<TContext>(builder.Configuration);
        return builder.Build();
    }
}
