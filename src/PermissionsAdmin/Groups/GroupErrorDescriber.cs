using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Groups;

/// <summary>Identity calls groups roles; administrators see the word they know.</summary>
internal sealed class GroupErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateRoleName(string role) =>
        new() { Code = nameof(DuplicateRoleName), Description = $"A group named '{role}' already exists." };

    public override IdentityError InvalidRoleName(string? role) =>
        new() { Code = nameof(InvalidRoleName), Description = $"Group name '{role}' is invalid." };
}
