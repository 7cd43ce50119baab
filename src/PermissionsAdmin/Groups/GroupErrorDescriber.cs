using Microsoft.AspNetCore.Identity;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Groups;

/// <summary>Identity calls groups roles; administrators see the word they know.</summary>
internal sealed class GroupErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateRoleName(string role) =>
        new() { Code = nameof(DuplicateRoleName), Description = Messages.Format("A group named '{0}' already exists.", role) };

    public override IdentityError InvalidRoleName(string? role) =>
        new() { Code = nameof(InvalidRoleName), Description = Messages.Format("Group name '{0}' is invalid.", role) };
}
