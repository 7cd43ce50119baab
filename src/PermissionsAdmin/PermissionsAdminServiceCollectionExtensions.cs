using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Admin;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Availability;
using PermissionsAdmin.ChangeFeed;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Management;
using PermissionsAdmin.Model;
using PermissionsAdmin.Notices;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Search;
using PermissionsAdmin.SignIn;
using PermissionsAdmin.Startup;
using PermissionsAdmin.Sync;
using PermissionsAdmin.TagHelpers;
using PermissionsAdmin.Text;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Users;

namespace PermissionsAdmin;

public static class PermissionsAdminServiceCollectionExtensions
{
    /// <summary>
    /// The interceptors of every <see cref="PermissionsDbContext"/> (see <see cref="PermissionsDbContextInterceptors"/>):
    /// cached permissions dropped by the writes that affect them, object grants deleted with their object, outages
    /// reported to <see cref="DatabaseHealth"/>, SQLite's memory map.
    /// </summary>
    internal static readonly IInterceptor[] ContextInterceptors =
        [PermissionChangeInterceptor.Instance, ObjectGrantCleanup.Instance, DatabaseHealthInterceptor.Instance, SqliteMemoryMap.Instance];

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
        services.AddOptions<PermissionsAdminOptions>().Bind(configuration.GetSection(PermissionsAdminOptions.SectionName))
            .Validate(o => o.ExactCountLimit >= 1, $"{PermissionsAdminOptions.SectionName}:{nameof(PermissionsAdminOptions.ExactCountLimit)} must be at least 1.")
            .ValidateOnStart();
        services.AddScoped<PermissionsDbContext>(sp => sp.GetRequiredService<TContext>());
        // Every clock the library reads: an app or a test may put its own in first.
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureDbContext<TContext>(options => options.AddInterceptors(ContextInterceptors));
        services.TryAddSingleton(new PermissionsDbContextInterceptors(ContextInterceptors));
        services.TryAddSingleton<PermissionsAdminServicesCheck.Registered>();
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

        // Changes committed by other processes (the CLI, other instances, SQL) reach the cache through the change feed.
        services.AddOptions<ChangeFeedOptions>().Bind(configuration.GetSection(ChangeFeedOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxRetryDelay >= o.PollInterval,
                $"{ChangeFeedOptions.SectionName}: PollInterval must be positive and MaxRetryDelay at least as long.")
            .Validate(o => o.GapTimeout > TimeSpan.Zero && o.Retention > 2 * o.GapTimeout,
                $"{ChangeFeedOptions.SectionName}: GapTimeout must be positive and Retention more than twice as long.")
            .ValidateOnStart();
        services.TryAddSingleton<PermissionChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<PermissionChangeFeed>());

        // The database unreachable: 503 with Retry-After from any exception handler middleware, logged once.
        services.TryAddSingleton<DatabaseHealth>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();

        // Lists searched for words anywhere in their columns, through the trigram index where the migrations made one.
        services.TryAddSingleton<SubstringSearch>();

        // Object permissions: grants on single rows.
        services.AddScoped<ObjectPermissionChecker>();
        services.AddScoped<IObjectPermissionChecker>(sp => sp.GetRequiredService<ObjectPermissionChecker>());
        services.AddScoped<ObjectPermissionAdministration>();

        // Enforcement: requirements and handlers inside ASP.NET Core authorization; typos caught at startup.
        services.AddAuthorization();
        // Transient, as the framework's own handlers are: built without locking the scope, and they hold nothing.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuthorizationHandler, PermissionAuthorizationHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuthorizationHandler, ModelPermissionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAuthorizationHandler, ObjectPermissionHandler>());
        if (services.LastOrDefault(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler))?.ImplementationType == typeof(AuthorizationMiddlewareResultHandler))
        {
            services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ObjectNotFoundResultHandler>());
        }
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, PermissionPolicies>();
        services.AddHostedService<EndpointPermissionValidator>();

        // Views: Perms and the perms tag helper.
        services.AddScoped(sp => new ViewPermissions(
            sp.GetRequiredService<IHttpContextAccessor>(), sp.GetRequiredService<PermissionSubjectStore>(),
            sp.GetRequiredService<PermissionChecker>(), sp.GetRequiredService<IObjectPermissionChecker>(),
            sp.GetRequiredService<PermissionCatalogue>(), sp.GetRequiredService<ILogger<ViewPermissions>>(),
            sp.GetRequiredService<IHostEnvironment>()));
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

        // Access requests: groups asked for and approved, told by in-app notices and e-mail (an app's IEmailSender, else
        // none is sent), undecided ones reminded and expired.
        services.AddOptions<AccessRequestOptions>().Bind(configuration.GetSection(AccessRequestOptions.SectionName))
            .Validate(o => o.RemindAfter > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && !(o.ExpireUndecidedAfter <= TimeSpan.Zero),
                $"{AccessRequestOptions.SectionName}: RemindAfter, SweepInterval and ExpireUndecidedAfter must be positive.")
            .ValidateOnStart();
        services.AddScoped<AccessRequestAdministration>();
        services.AddScoped<AccessPoliciesAsCode>();
        services.AddScoped<Notifier>();
        services.TryAddSingleton<IEmailSender, NoEmailSender>();
        services.AddSingleton<AccessRequestSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessRequestSweeper>());
        services.AddScoped<StartupLock>();
        // How the management commands migrate: the context's own migrations unless the app says otherwise.
        services.TryAddScoped<IDatabaseMigrator, MigrationsDatabaseMigrator>();

        // The /admin site and the /api/v1 JSON API (mounted by the site with MapPermissionsAdmin and MapPermissionsApi).
        services.AddPermissionsAdminUi();
        services.AddPermissionsApi();

        var identity = services
            .AddIdentity<PermissionsUser, PermissionsGroup>(options =>
            {
                // Unique e-mails are UniqueEmailValidator's: this option would also make an e-mail mandatory.
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = true;
                configureIdentity?.Invoke(options);
            })
            .AddEntityFrameworkStores<TContext>()
            .AddDefaultTokenProviders()
            .AddSignInManager<PermissionsSignInManager>()
            // No role claims in the cookie: a user in many groups would outgrow it. Roles come from the cache instead.
            .AddClaimsPrincipalFactory<UserClaimsPrincipalFactory<PermissionsUser>>()
            .AddErrorDescriber<ErrorDescriber>();
        // Ours first check what a column can hold, then run Identity's own, which they replace.
        services.RemoveAll<IUserValidator<PermissionsUser>>();
        services.RemoveAll<IRoleValidator<PermissionsGroup>>();
        identity.AddUserValidator<UserFieldsValidator>().AddUserValidator<UniqueEmailValidator>().AddRoleValidator<GroupNameValidator>();
        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, PlainTextLookupNormalizer>());
        // Over HTTPS the antiforgery cookie is Secure, as the sign-in cookie is; plain HTTP (development) still works.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddSingleton<SignInCookieEvents>();
        services.ConfigureApplicationCookie(cookie => cookie.EventsType = typeof(SignInCookieEvents));
        // Personal access tokens beside the cookie, on the endpoints that accept them; the default schemes stay Identity's.
        services.AddPersonalAccessTokens();
        services.AddScoped<TokenAdministration>();
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
