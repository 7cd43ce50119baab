using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.TagHelpers;

/// <summary>
/// Django's <c>perms</c> for Razor views, injected as <c>Perms</c> through _ViewImports:
/// <c>@if (Perms["blog.add_post"])</c>, <c>@if (Perms.App("blog"))</c> and, on one object,
/// <c>@if (await Perms.HasAsync("blog.change_post", post))</c>. The user's permissions are loaded once per request
/// (before the view renders), so a page with many checks costs no more queries than one.
/// </summary>
public sealed partial class ViewPermissions
{
    private static readonly ConcurrentDictionary<string, bool> ReportedUnknown = new(StringComparer.Ordinal);
    private readonly IHttpContextAccessor http;
    private readonly PermissionSubjectStore subjects;
    private readonly PermissionChecker checker;
    private readonly IObjectPermissionChecker objects;
    private readonly PermissionCatalogue catalogue;
    private readonly ILogger<ViewPermissions> logger;
    private readonly IHostEnvironment environment;
    private ClaimsPrincipal? _user;
    private PermissionSubject? _subject;

    internal ViewPermissions(
        IHttpContextAccessor http,
        PermissionSubjectStore subjects,
        PermissionChecker checker,
        IObjectPermissionChecker objects,
        PermissionCatalogue catalogue,
        ILogger<ViewPermissions> logger,
        IHostEnvironment environment)
    {
        this.http = http;
        this.subjects = subjects;
        this.checker = checker;
        this.objects = objects;
        this.catalogue = catalogue;
        this.logger = logger;
        this.environment = environment;
    }

    /// <summary>The user the view is rendered for.</summary>
    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>Whether the current user holds the permission.</summary>
    public bool this[string permission] => HasAsync(permission).AsTask().GetAwaiter().GetResult();

    /// <summary>Whether the current user holds any permission of the app (Django's <c>perms.blog</c>).</summary>
    public bool App(string appLabel) => AppAsync(appLabel).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Whether the current user holds the permission. A name not in the catalogue is a typo: it throws in Development,
    /// so the view's author sees it, and elsewhere is logged once and held by no one, superusers included.
    /// </summary>
    public async ValueTask<bool> HasAsync(string permission)
    {
        if (!IsKnown(permission)) return false;
        var subject = await SubjectAsync();
        return subject is not null && await checker.DecideAsync(subject, permission, default);
    }

    /// <summary>
    /// Whether the current user holds the permission on <paramref name="entity"/> (model-level grants cover it too).
    /// For a list's rows, prefetch their objects with <see cref="IObjectPermissionChecker.PrefetchAsync"/>: N rows, one query.
    /// </summary>
    public async ValueTask<bool> HasAsync(string permission, object entity) =>
        IsKnown(permission) && await objects.HasPermissionAsync(User, permission, entity);

    public async ValueTask<bool> AppAsync(string appLabel)
    {
        var subject = await SubjectAsync();
        return subject is not null && subject.HasModulePermissions(appLabel);
    }

    /// <summary>Whether the current user may enter the admin, an active staff user (Django's <c>user.is_staff</c> in templates).</summary>
    public bool IsStaff => SubjectAsync().AsTask().GetAwaiter().GetResult() is { IsActive: true, IsStaff: true };

    /// <summary>Loads the user's permissions ahead of rendering, so the synchronous indexer never waits on the database.</summary>
    public async ValueTask LoadAsync() => await SubjectAsync();

    private async ValueTask<PermissionSubject?> SubjectAsync()
    {
        var user = User;
        if (!ReferenceEquals(user, _user))
        {
            _subject = await subjects.FindAsync(user);
            _user = user;
        }
        return _subject;
    }

    /// <summary>Whether the name is in the catalogue; a malformed one throws, an unknown one is reported as <see cref="HasAsync(string)"/> says.</summary>
    private bool IsKnown(string permission)
    {
        PermissionName.ThrowIfMalformed(permission);
        if (catalogue.Contains(permission)) return true;
        ReportUnknown(permission);
        return false;
    }

    private void ReportUnknown(string permission)
    {
        if (environment.IsDevelopment())
        {
            throw new InvalidOperationException($"Unknown permission '{permission}': a view checks a permission that is not in the catalogue (check the spelling).");
        }
        if (ReportedUnknown.TryAdd(permission, true))
        {
            LogUnknownPermission(logger, permission);
        }
    }

    [LoggerMessage(1, LogLevel.Warning,
        "A view checks permission '{Permission}', which is not in the catalogue: it is never granted (check the spelling).")]
    private static partial void LogUnknownPermission(ILogger logger, string permission);
}
