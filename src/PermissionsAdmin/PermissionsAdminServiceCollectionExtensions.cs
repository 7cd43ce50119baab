using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Admin;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.SignIn;
using PermissionsAdmin.TagHelpers;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Users;

namespace PermissionsAdmin;

public static class PermissionsAdminServiceCollectionExtensions
{
    /// <summary>
    /// Registers Identity over <typeparamref name="TContext"/> (groups are roles), the permission catalogue generated
    /// from its model, the checker and its authorization handlers, the perms tag helper, sign-in rules, the
    /// administration services, and MVC with the admin site (mount it with <c>app.MapPermissionsAdmin()</c>). Options
    /// come from the <c>PermissionsAdmin</c> section.
    /// </summary>
    public static IdentityBuilder AddPermissionsAdmin<TContext>(
        this IServiceCollection services, IConfiguration configuration, Action<IdentityOptions>? configureIdentity = null)
        where TContext : PermissionsDbContext
    {
        services.AddOptions<PermissionsAdminOptions>().Bind(configuration.GetSection(PermissionsAdminOptions.SectionName));
        services.AddScoped<PermissionsDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddSingleton(sp =>
        {
            using var scope = sp.CreateScope();
            return CatalogueBuilder.Build(scope.ServiceProvider.GetRequiredService<TContext>().Model);
        });

        // The checker and what feeds it.
        services.AddSingleton<PermissionCache>();
        services.AddScoped<PermissionSubjectStore>();
        services.AddScoped<PermissionChecker>();
        services.AddScoped<IPermissionChecker>(sp => sp.GetRequiredService<PermissionChecker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPermissionSource, StoredGrantsSource>());

        // Object permissions: grants on single rows.
        services.AddScoped<ObjectPermissionChecker>();
        services.AddScoped<IObjectPermissionChecker>(sp => sp.GetRequiredService<ObjectPermissionChecker>());
        services.AddScoped<ObjectPermissionAdministration>();

        // Enforcement: requirements and handlers inside ASP.NET Core authorization; typos caught at startup.
        services.AddAuthorization();
        // Transient, as the framework's own handlers are: built without locking the scope, and they hold nothing.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuthorizationHandler, PermissionAuthorizationHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuthorizationHandler, ModelPermissionHandler>());
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, PermissionPolicies>();
        services.AddHostedService<EndpointPermissionValidator>();

        // Views: Perms and the perms tag helper.
        services.AddScoped(sp => new ViewPermissions(
            sp.GetRequiredService<IHttpContextAccessor>(), sp.GetRequiredService<PermissionSubjectStore>(),
            sp.GetRequiredService<PermissionChecker>(), sp.GetRequiredService<PermissionCatalogue>(),
            sp.GetRequiredService<ILogger<ViewPermissions>>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddScoped<PreloadPermissionsFilter>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<PreloadPermissionsFilter>());

        // Administration: who acts, what they may delegate, and the audit trail.
        services.AddScoped<ActorAccessor>();
        services.AddScoped<DelegationRules>();
        services.AddScoped<AuditLog>();
        services.AddScoped<PermissionResolver>();
        services.AddScoped<PermissionSynchronizer>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<GroupAdministration>();
        services.AddScoped<GroupsAsCode>();

        // The /admin site and the /api/v1 JSON API (mounted by the site with MapPermissionsAdmin and MapPermissionsApi).
        services.AddPermissionsAdminUi();
        services.AddPermissionsApi();

        var identity = services
            .AddIdentity<PermissionsUser, PermissionsGroup>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = true;
                configureIdentity?.Invoke(options);
            })
            .AddEntityFrameworkStores<TContext>()
            .AddDefaultTokenProviders()
            .AddSignInManager<PermissionsSignInManager>()
            .AddErrorDescriber<GroupErrorDescriber>();
        // Ours first check what a column can hold, then run Identity's own, which they replace.
        services.RemoveAll<IUserValidator<PermissionsUser>>();
        services.RemoveAll<IRoleValidator<PermissionsGroup>>();
        identity.AddUserValidator<UserFieldsValidator>().AddRoleValidator<GroupNameValidator>();
        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, PlainTextLookupNormalizer>());
        services.AddSingleton<SignInCookieEvents>();
        services.ConfigureApplicationCookie(cookie => cookie.EventsType = typeof(SignInCookieEvents));
        // Personal access tokens under /api beside the cookie: after Identity, whose default schemes this replaces.
        services.AddPersonalAccessTokens();
        return identity;
    }

    /// <summary>Adds a custom permission source (Django's authentication backend), consulted in its <see cref="IPermissionSource.Order"/>.</summary>
    public static IServiceCollection AddPermissionSource<TSource>(this IServiceCollection services)
        where TSource : class, IPermissionSource
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IPermissionSource, TSource>());
        return services;
    }
}
