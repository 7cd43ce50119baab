using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Bench;

/// <summary>The bench pages and query counter, only with configuration <c>Bench:Enabled=true</c> (bench/run.sh sets it).</summary>
public static class BenchPages
{
    public static void AddBenchPages(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>("Bench:Enabled")) return;
        var counter = new QueryCounter();
        services.AddSingleton(counter);
        services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(counter));
        services.AddControllersWithViews().ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new BenchControllerFeature()));
    }

    private sealed class BenchControllerFeature : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature) =>
            feature.Controllers.Add(typeof(BenchController).GetTypeInfo());
    }
}
