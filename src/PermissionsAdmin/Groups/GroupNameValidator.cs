using Microsoft.AspNetCore.Identity;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Groups;

/// <summary>
/// The one validation of a group's name, for every door: a length the column holds and no control characters, then
/// Identity's (not empty, unique), which is skipped when these fail so such a name never reaches a query.
/// </summary>
internal sealed class GroupNameValidator(IdentityErrorDescriber describer) : IRoleValidator<PermissionsGroup>
{
    public const int MaxNameLength = 150;

    private readonly RoleValidator<PermissionsGroup> _identity = new(describer);

    public async Task<IdentityResult> ValidateAsync(RoleManager<PermissionsGroup> manager, PermissionsGroup group)
    {
        if (group.Name is { Length: > MaxNameLength })
        {
            return IdentityResult.Failed(new IdentityError
            {
                Code = "TooLongRoleName",
                Description = PlainText.TooLongMessage(Messages.Get("name"), MaxNameLength),
            });
        }
        if (PlainText.HasControlCharacters(group.Name))
        {
            return IdentityResult.Failed(new IdentityError
            {
                Code = "ControlCharactersInRoleName",
                Description = PlainText.ControlCharactersMessage(Messages.Get("name")),
            });
        }
        return await _identity.ValidateAsync(manager, group);
    }
}
