using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Admin.Localization;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Forms;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Queries;

namespace PermissionsAdmin.Admin;

internal static class AdminServiceCollectionExtensions
{
    /// <summary>MVC with views, the library as an application part (controllers and compiled views), and the admin's services.</summary>
    public static void AddPermissionsAdminUi(this IServiceCollection services)
    {
        var mount = new AdminMount();
        // Given by a factory, not as an instance: the container disposes what a factory made when it is disposed.
        services.AddSingleton(_ => mount);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionDescriptorChangeProvider>(mount));
        services.AddScoped<AdminRightsAccessor>();
        services.AddLocalization(); // the admin's strings, in the request's culture (see Localization/AdminStrings)
        // The admin's form models (its own, and those in Forms/ it shares with the API) say what is wrong
        // ([Required(ErrorMessage = ...)]) in the request's language too; the site's own models keep whatever
        // localization the site set up (none unless it asked).
        services.PostConfigure<MvcDataAnnotationsLocalizationOptions>(options =>
        {
            var site = options.DataAnnotationLocalizerProvider;
            options.DataAnnotationLocalizerProvider = (type, factory) =>
                type.Namespace is { } name && (name == typeof(UserForm).Namespace || name.StartsWith(typeof(AdminController).Namespace!, StringComparison.Ordinal))
                    ? factory.Create(typeof(AdminStrings))
                    : site?.Invoke(type, factory)!;
        });
        services.AddOptions<EntityAdminOptions>();
        services.AddSingleton(sp =>
        {
            using var scope = sp.CreateScope();
            return new AdminEntities(sp.GetRequiredService<IOptions<EntityAdminOptions>>(),
                scope.ServiceProvider.GetRequiredService<PermissionsDbContext>().Model, sp.GetRequiredService<PermissionCatalogue>());
        });
        services.AddSingleton(sp => new AdminReferenceLists(sp.GetRequiredService<PermissionCache>()));
        services.AddScoped(sp => new PermissionChoices(sp.GetRequiredService<PermissionsDbContext>(),
            sp.GetRequiredService<PermissionCatalogue>(), sp.GetRequiredService<AdminReferenceLists>()));
        services.AddControllersWithViews(mvc => mvc.Conventions.Add(new AdminRoutePrefixConvention(mount))).ConfigureApplicationPartManager(manager =>
        {
            // A site referencing the library usually discovers it already; add only the parts it lacks.
            var assembly = typeof(AdminController).Assembly;
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
            {
                if (!manager.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name)) manager.ApplicationParts.Add(part);
            }
            manager.FeatureProviders.Add(new AdminControllerFeatureProvider(mount));
        });
        services.Configure<RazorViewEngineOptions>(razor => razor.ViewLocationExpanders.Add(new AdminViewLocationExpander()));
    }
}
