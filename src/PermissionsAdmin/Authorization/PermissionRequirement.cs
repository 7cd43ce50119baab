using Microsoft.AspNetCore.Authorization;

namespace PermissionsAdmin.Authorization;

/// <summary>The user must hold all of <see cref="Permissions"/>, or with <see cref="RequireAny"/> at least one.</summary>
public sealed class PermissionRequirement(IReadOnlyList<string> permissions, bool requireAny = false) : IAuthorizationRequirement
{
    /// <summary>An array, which the checker reads without copying.</summary>
    public IReadOnlyList<string> Permissions { get; } = permissions.ToArray();
    public bool RequireAny { get; } = requireAny;

    public override string ToString() =>
        $"{nameof(PermissionRequirement)}: {(RequireAny ? "any of" : "all of")} {string.Join(", ", Permissions)}";
}
