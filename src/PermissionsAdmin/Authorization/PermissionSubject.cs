using System.Collections.Concurrent;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// What the checker knows about one user: account flags, groups and stored grants as <c>app.codename</c> strings,
/// read in one round trip and cached until a change affecting the user is saved.
/// </summary>
public sealed class PermissionSubject
{
    public required int UserId { get; init; }
    public required bool IsActive { get; init; }
    public required bool IsStaff { get; init; }
    public required bool IsSuperuser { get; init; }

    /// <summary>Identity's security stamp: a sign-in issued under another stamp is no longer valid.</summary>
    public required string? SecurityStamp { get; init; }
    public required IReadOnlySet<string> UserPermissions { get; init; }
    public required IReadOnlySet<string> GroupPermissions { get; init; }

    /// <summary>The names of the groups the user belongs to: <c>User.IsInRole</c> reads them here, not from the cookie.</summary>
    public required IReadOnlySet<string> Groups { get; init; }

    /// <summary>The earliest end among the memberships and direct grants held; from then on this subject is out of date.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Django's module permissions: an active superuser, or any stored grant of the app.</summary>
    internal bool HasModulePermissions(string appLabel)
    {
        if (!IsActive) return false;
        var prefix = appLabel + ".";
        return IsSuperuser || UserPermissions.Concat(GroupPermissions).Any(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Cached answers of cacheable permission sources; dropped with the subject.</summary>
    internal ConcurrentDictionary<string, bool> Decisions { get; } = new(StringComparer.Ordinal);
}
